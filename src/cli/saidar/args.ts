import { parseArgs } from 'node:util';
import { fsListOf } from '../common/fslist.js';
import { describeParseError, UsageError } from '../common/usage.js';

export { fsListOf, UsageError };

export interface SaidarConfig {
  /** Seconds between updates (`-d`, default 2, at least 1 as in saidar). */
  delay: number;
  colour: boolean;
  version: boolean;
  help: boolean;
  /**
   * `-F LIST`: libstatgrab's file system list as statgrab takes it (names
   * separated by spaces or commas; a leading `!` means "all but these").
   * Absent: the real file systems (getFsStats' default).
   */
  fsTypes: string[] | undefined;
}

/** The usage text, for the command as it was invoked (`saidar` or `sysgrab-saidar`). */
export function usage(command = 'saidar'): string {
  return `Usage: ${command} [-d delay] [-c] [-F fs-list] [-v] [-h]

  -d    Sets the update time in seconds (default 2)
  -c    Enables coloured output
  -F    File systems to show, as statgrab -F takes them ('!nfs, autofs' = all
        the kernel knows but these); default: the real file systems
  -v    Prints version number
  -h    Displays this help information.

Keys: q quits, any other key redraws now.
`;
}

export const USAGE = usage();

/** @throws UsageError. */
export function parseSaidarArgs(argv: string[]): SaidarConfig {
  let parsed: ReturnType<typeof parseArgs<{ options: { d: { type: 'string' }; c: { type: 'boolean' }; v: { type: 'boolean' }; h: { type: 'boolean' }; F: { type: 'string' } } }>>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { d: { type: 'string' }, c: { type: 'boolean' }, v: { type: 'boolean' }, h: { type: 'boolean' }, F: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(describeParseError(err as Error & { code?: string }));
  }
  const v = parsed.values;
  let delay = 2;
  if (v.d !== undefined) {
    // saidar: atoi, and "Time must be 1 second or greater" below 1.
    if (!/^\s*\d+\s*$/.test(v.d) || Number(v.d) < 1) throw new UsageError('Time must be 1 second or greater');
    delay = Number(v.d);
  }
  return { delay, colour: v.c === true, version: v.v === true, help: v.h === true, fsTypes: v.F === undefined ? undefined : fsListOf(v.F) };
}
