import { release as osRelease } from 'node:os';
import type { ChalkInstance } from 'chalk' with { 'resolution-mode': 'import' };

export type ColorMode = 'auto' | 'always' | 'never';

/**
 * Can this Windows console show ANSI escapes? Its own console host
 * interprets them from Windows 10 build 10586 (version 1511) on, once the
 * virtual terminal mode is on, which Node turns on; before that only hosts
 * that interpret them themselves do: Windows Terminal (WT_SESSION), ConEmu
 * (ConEmuANSI=ON), ANSICON, and mintty or MSYS terminals (TERM set).
 * chalk gives such old consoles level 1 anyway, so this is asked first.
 */
export function windowsConsoleShowsAnsi(release: string, env: NodeJS.ProcessEnv): boolean {
  if (env.WT_SESSION || env.ANSICON || env.ConEmuANSI === 'ON' || (env.TERM && env.TERM !== 'dumb')) return true;
  const [major, , build] = release.split('.').map(Number);
  return (major ?? 0) > 10 || ((major ?? 0) === 10 && (build ?? 0) >= 10586);
}

/**
 * Decide whether to colour, and give a chalk to colour with. chalk is loaded
 * only when colour may be on, so the common case (a pipe, a script) never
 * pays for it.
 *
 * - never: no colour. always: coloured, at chalk's level or at least basic.
 * - auto: NO_COLOR (non-empty) turns colour off; otherwise chalk decides (it
 *   honours FORCE_COLOR, TERM=dumb and the terminal's abilities, Windows
 *   consoles included), but only when stdout is a terminal or FORCE_COLOR
 *   is set, and not on a Windows console that cannot show escapes.
 */
export async function chooseChalk(
  mode: ColorMode,
  isTTY: boolean,
  env: NodeJS.ProcessEnv = process.env,
  host: { platform: string; release: string } = { platform: process.platform, release: osRelease() },
): Promise<ChalkInstance | undefined> {
  if (mode === 'never') return undefined;
  if (mode === 'auto') {
    if (env.NO_COLOR) return undefined;
    if (!isTTY && env.FORCE_COLOR === undefined) return undefined;
    if (host.platform === 'win32' && env.FORCE_COLOR === undefined && !windowsConsoleShowsAnsi(host.release, env)) return undefined;
  }
  const { Chalk, default: detected } = await import('chalk');
  const level = mode === 'always' ? Math.max(detected.level, 1) : detected.level;
  if (level === 0) return undefined;
  return new Chalk({ level: level as 0 | 1 | 2 | 3 });
}
