import type { ChalkInstance } from 'chalk' with { 'resolution-mode': 'import' };

export type ColorMode = 'auto' | 'always' | 'never';

/**
 * Decide whether to colour, and give a chalk to colour with. chalk is loaded
 * only when colour may be on, so the common case (a pipe, a script) never
 * pays for it.
 *
 * - never: no colour. always: coloured, at chalk's level or at least basic.
 * - auto: NO_COLOR (non-empty) turns colour off; otherwise chalk decides (it
 *   honours FORCE_COLOR, TERM=dumb and the terminal's abilities, Windows
 *   consoles included), but only when stdout is a terminal or FORCE_COLOR
 *   is set.
 */
export async function chooseChalk(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): Promise<ChalkInstance | undefined> {
  if (mode === 'never') return undefined;
  if (mode === 'auto') {
    if (env.NO_COLOR) return undefined;
    if (!isTTY && env.FORCE_COLOR === undefined) return undefined;
  }
  const { Chalk, default: detected } = await import('chalk');
  const level = mode === 'always' ? Math.max(detected.level, 1) : detected.level;
  if (level === 0) return undefined;
  return new Chalk({ level: level as 0 | 1 | 2 | 3 });
}
