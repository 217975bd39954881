import type { ColorMode } from './args.js';
import { PLAIN, type Palette } from './render.js';

/**
 * Decide whether to colour, and build the palette. chalk is loaded only when
 * colour may be on, so the common case (a pipe, a script) never pays for it.
 *
 * - never: plain. always: coloured, at chalk's level or at least basic.
 * - auto: NO_COLOR (non-empty) turns colour off; otherwise chalk decides
 *   (it honours FORCE_COLOR, TERM=dumb and the terminal's abilities), but
 *   only when stdout is a terminal or FORCE_COLOR is set.
 */
export async function choosePalette(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Palette | undefined> {
  if (mode === 'never') return undefined;
  if (mode === 'auto') {
    if (env.NO_COLOR) return undefined;
    if (!isTTY && env.FORCE_COLOR === undefined) return undefined;
  }
  const { Chalk, default: detected } = await import('chalk');
  const level = mode === 'always' ? Math.max(detected.level, 1) : detected.level;
  if (level === 0) return undefined;
  const c = new Chalk({ level: level as 0 | 1 | 2 | 3 });
  return {
    bracket: (s) => c.dim(s),
    free: (s) => c.bold.green(s),
    cache: (s) => c.bold.red(s),
    used: (s) => c.bold.white(s),
    percent: (s) => c.bold.white(s),
    percentSign: (s) => c.red(s),
  };
}

export { PLAIN };
