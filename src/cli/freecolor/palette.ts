import { chooseChalk, type ColorMode } from '../common/color.js';
import type { Palette } from './render.js';

/** freecolor's colours, as the original paints them (brackets dim, free bold green, cache bold red, the rest bold white, `%` red). */
export async function choosePalette(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Palette | undefined> {
  const c = await chooseChalk(mode, isTTY, env);
  if (c === undefined) return undefined;
  return {
    bracket: (s) => c.dim(s),
    free: (s) => c.bold.green(s),
    cache: (s) => c.bold.red(s),
    used: (s) => c.bold.white(s),
    percent: (s) => c.bold.white(s),
    percentSign: (s) => c.red(s),
  };
}
