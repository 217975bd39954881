import type { Scope } from '../../types/options.js';
import type { ColorMode } from '../common/color.js';
import { parseCommandLine, UsageError } from '../common/usage.js';
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

/** The usage text, for the command as it was invoked (`freecolor` or `sysgrab-freecolor`). */
export function usage(command = 'freecolor'): string {
  return `Usage: ${command} [options]

Memory and swap as bars (or a table), freecolor 0.9.3 compatible.

  -b, -k, -m, -g     figures in bytes, KiB (default), MiB or GiB
  -h, --human        figures with suffixes as procps-ng free -h (7.6Gi), rounded
  -o                 the old free-style table instead of bars
  -t                 add a Total line (with -a: mem + swap rows)
  -a, --all          a table of every field this platform reports
  -j, --json         JSON in bytes: {"mem", "swap", "container", "pressure",
                     "time"}, one object per line
                     (alone: no unit, layout or --arc flag applies to it)
  --arc              count reclaimable ZFS ARC as cache instead of used
  --scope=WHOSE      host (default), container (the cgroup or jail: its limit
                     is the total, its working set the used) or auto
                     (container where a limit applies)
  --pressure         add a line of memory pressure (Linux PSI, macOS level)
  -s N               repeat every N seconds (N may be fractional, at most a year)
  -c, --count N      with -s, stop after N reports (alone: every second)
  --color=WHEN       auto (default: only on a terminal), always, never
  -V, --version      print the version
      --help         print this help

Environment: HOST_PROC, HOST_SYS, SYSGRAB_SCOPE, SYSGRAB_PLATFORM, SYSGRAB_LIBC,
SYSGRAB_LIBKVM, SYSGRAB_FFI (see the sysgrab README), NO_COLOR, FORCE_COLOR.
Exit status: 0 ok, 1 statistics could not be read, 2 usage error.
`;
}

export const USAGE = usage();

/** The longest -s: a year (sleeps longer than setTimeout's 24.8 days are chained). */
export const MAX_INTERVAL_S = 86400 * 365;

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
  color: { type: 'string' },
  scope: { type: 'string' },
  pressure: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
} as const;

const NEEDS = {
  s: 'a number of seconds greater than 0',
  count: 'a whole number of reports of at least 1',
  color: 'auto, always or never',
  scope: 'host, container or auto',
};

/** Flags that shape figures or layout, which -j (raw bytes, every field) ignores. */
const NOT_WITH_JSON = new Set(['b', 'k', 'm', 'g', 'human', 'o', 't', 'arc', 'all']);

/** @throws UsageError for unknown flags, missing or bad values, and flags that cannot go together. */
export function parseCli(argv: string[]): CliConfig {
  const given = parseCommandLine(argv, OPTIONS, NEEDS);
  const has = (name: string) => given.some((g) => g.name === name);
  const last = (name: string) => given.filter((g) => g.name === name).pop();
  // As in the original's getopt loop, the last unit flag given wins.
  let unit: Unit = 'k';
  for (const g of given) if (g.name === 'b' || g.name === 'k' || g.name === 'm' || g.name === 'g') unit = g.name;

  if (has('json')) {
    const clash = given.find((g) => NOT_WITH_JSON.has(g.name));
    if (clash) throw new UsageError(`${clash.rawName} does not apply to -j, which prints every field in bytes: drop one of them`);
  }
  if (has('all') && has('o')) throw new UsageError('-a and -o are two layouts: choose one');

  const color = last('color')?.value ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') {
    throw new UsageError(`--color must be auto, always or never, not '${color}'`);
  }
  const scope = last('scope')?.value;
  if (scope !== undefined && scope !== 'host' && scope !== 'container' && scope !== 'auto') {
    throw new UsageError(`--scope must be host, container or auto, not '${scope}'`);
  }
  let interval: number | undefined;
  const s = last('s')?.value;
  if (s !== undefined) {
    interval = Number(s);
    if (!/^\s*\d*\.?\d+\s*$/.test(s) || !(interval > 0)) throw new UsageError(`-s needs ${NEEDS.s}, not '${s}'`);
    if (interval > MAX_INTERVAL_S) throw new UsageError(`-s must be at most ${MAX_INTERVAL_S} seconds (a year), not '${s}'`);
  }
  let count: number | undefined;
  const c = last('count');
  if (c?.value !== undefined) {
    count = Number(c.value);
    if (!/^\d+$/.test(c.value) || !(count >= 1)) throw new UsageError(`${c.rawName} needs ${NEEDS.count}, not '${c.value}'`);
    if (!Number.isSafeInteger(count)) throw new UsageError(`${c.rawName} must be at most ${Number.MAX_SAFE_INTEGER}, not '${c.value}'`);
    interval ??= 1;
  }
  return {
    unit,
    human: has('human'),
    old: has('o'),
    total: has('t'),
    interval,
    count,
    json: has('json'),
    all: has('all'),
    arc: has('arc'),
    scope,
    pressure: has('pressure'),
    color,
    help: has('help'),
    version: has('version'),
  };
}
