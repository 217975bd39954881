import { parseArgs } from 'node:util';
import type { Scope } from '../../types/options.js';
import type { ColorMode } from '../common/color.js';
import { describeParseError, UsageError } from '../common/usage.js';
import type { Unit } from '../common/units.js';

export { UsageError };

/** What the command line asked for. */
export interface CliConfig {
  unit: Unit;
  human: boolean;
  old: boolean;
  total: boolean;
  /** Seconds between reports; undefined for a single report. */
  interval?: number;
  /** Reports to print before stopping; undefined for "until interrupted". */
  count?: number;
  json: boolean;
  all: boolean;
  arc: boolean;
  /** Host or container figures; undefined leaves it to SYSGRAB_SCOPE (default host). */
  scope?: Scope;
  /** Add the memory pressure (PSI) line. */
  pressure: boolean;
  color: ColorMode;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage: freecolor [options]

Memory and swap as bars (or a table), freecolor 0.9.3 compatible.

  -b, -k, -m, -g     figures in bytes, KiB (default), MiB or GiB
  -h, --human        figures with unit suffixes (7.6G)
  -o                 the old free-style table instead of bars
  -t                 add a Total line
  -a, --all          a table of every field this platform reports
  -j, --json         JSON: {"mem", "swap", "time"}, one object per line
  --arc              count reclaimable ZFS ARC as cache instead of used
  --scope=WHOSE      host (default), container (the cgroup or jail: its limit
                     is the total, its working set the used) or auto
                     (container where a limit applies)
  --pressure         add a line of memory pressure (Linux PSI)
  -s N               repeat every N seconds (N may be fractional)
  -c, --count N      with -s, stop after N reports (alone: every second)
  --color=WHEN       auto (default: only on a terminal), always, never
  -V, --version      print the version
      --help         print this help

Environment: HOST_PROC, HOST_SYS, SYSGRAB_SCOPE, SYSGRAB_PLATFORM, SYSGRAB_LIBC,
SYSGRAB_LIBKVM, SYSGRAB_FFI (see the sysgrab README), NO_COLOR, FORCE_COLOR.
Exit status: 0 ok, 1 statistics could not be read, 2 usage error.
`;

const OPTIONS = {
  b: { type: 'boolean', short: 'b' },
  k: { type: 'boolean', short: 'k' },
  m: { type: 'boolean', short: 'm' },
  g: { type: 'boolean', short: 'g' },
  o: { type: 'boolean', short: 'o' },
  t: { type: 'boolean', short: 't' },
  s: { type: 'string', short: 's' },
  count: { type: 'string', short: 'c' },
  human: { type: 'boolean', short: 'h' },
  json: { type: 'boolean', short: 'j' },
  all: { type: 'boolean', short: 'a' },
  arc: { type: 'boolean' },
  scope: { type: 'string' },
  pressure: { type: 'boolean' },
  color: { type: 'string' },
  help: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** @throws UsageError for unknown flags, missing or bad values. */
export function parseCli(argv: string[]): CliConfig {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false; tokens: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
  } catch (err) {
    throw new UsageError(describeParseError(err as Error));
  }
  const { values, tokens } = parsed;
  // As in the original's getopt loop, the last unit flag given wins.
  let unit: Unit = 'k';
  for (const token of tokens) {
    if (token.kind === 'option' && (token.name === 'b' || token.name === 'k' || token.name === 'm' || token.name === 'g')) unit = token.name;
  }
  const color = values.color ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') {
    throw new UsageError(`--color must be auto, always or never, not '${color}'`);
  }
  const scope = values.scope;
  if (scope !== undefined && scope !== 'host' && scope !== 'container' && scope !== 'auto') {
    throw new UsageError(`--scope must be host, container or auto, not '${scope}'`);
  }
  let interval: number | undefined;
  if (values.s !== undefined) {
    interval = Number(values.s);
    if (!/^\s*\d*\.?\d+\s*$/.test(values.s) || !(interval > 0) || interval > 86400 * 365) {
      throw new UsageError(`-s needs a number of seconds greater than 0, not '${values.s}'`);
    }
  }
  let count: number | undefined;
  if (values.count !== undefined) {
    count = Number(values.count);
    if (!/^\d+$/.test(values.count) || !(count >= 1) || !Number.isSafeInteger(count)) {
      throw new UsageError(`-c needs a whole number of reports of at least 1, not '${values.count}'`);
    }
    interval ??= 1;
  }
  return {
    unit,
    human: values.human ?? false,
    old: values.o ?? false,
    total: values.t ?? false,
    interval,
    count,
    json: values.json ?? false,
    all: values.all ?? false,
    arc: values.arc ?? false,
    scope,
    pressure: values.pressure ?? false,
    color,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
