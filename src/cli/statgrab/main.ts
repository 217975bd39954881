import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StatError } from '../../errors.js';
import { exitAfterOutput } from '../common/exit.js';
import { makeWriter, repeat, type Writer } from '../common/terminal.js';
import { parseStatgrabArgs, type StatgrabConfig, StatgrabUsage } from './args.js';
import { type Provider, type StatItem, sortStats } from './keys.js';
import { PROVIDERS } from './providers/index.js';
import { graphiteDrops, render } from './render.js';
import { interesting, selectStats } from './select.js';

/*
 * The statgrab command: libstatgrab 0.92.1's statgrab(1), line for line,
 * on sysgrab's getters (README: "The statgrab command"). Read every
 * interesting toplevel, sort, select, print; -o reads twice, -s forever.
 */

/** sysgrab's version, from the package.json above this file (dist/ or a test build). */
function version(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** The name the command was run as: `statgrab`, or `sysgrab-statgrab` beside libstatgrab's. */
export const COMMANDS = ['statgrab', 'sysgrab-statgrab'] as const;

export type Command = (typeof COMMANDS)[number];

/** statgrab's usage text (statgrab.c usage()), with sysgrab's additions at the end, for the command as it was invoked. */
export function usageText(command: Command = 'statgrab'): string {
  return `Usage: ${command} [OPTION]... [STAT]...
Display system statistics.

If no STATs are given, all will be displayed. Specify 'STAT.' to display all
statistics starting with that prefix.

  -l         Linux sysctl-style output (default)
  -b         BSD sysctl-style output
  -m         MRTG-compatible output
  -r         Graphite-compatible output
  -R PREFIX  Graphite-compatible output with STATs prefixed by 'PREFIX.'
  -u         Plain output (only show values)
  -n         Display cumulative stats once (default)
  -s         Display stat differences repeatedly
  -o         Display stat differences once
  -t DELAY   When repeating, wait DELAY seconds between updates (default 1)
  -p         Display CPU usage differences as percentages rather than
             absolute values
  -f FACTOR  Display floating-point values as integers scaled by FACTOR
  -F fs-list List of file systems (!) to show
  -K         Display byte counts in kibibytes
  -M         Display byte counts in mebibytes
  -G         Display byte counts in gibibytes
  -j         JSON: one object per display (sysgrab)
  --count N  With -s, stop after N displays (sysgrab)
  --help     This text and the list of statistics (sysgrab)

Version ${version()} (sysgrab; statgrab 0.92.1 compatible).
`;
}

/** --help: the usage and every key. */
export function helpText(providers: readonly Provider[], command: Command = 'statgrab'): string {
  const rows = providers.flatMap((p) => p.keys);
  const width = Math.max(...rows.map((r) => r.key.length));
  return `${usageText(command)}\nStatistics:\n${rows.map((r) => `  ${r.key.padEnd(width)}  ${r.help}\n`).join('')}`;
}

interface Reading {
  items: StatItem[];
  timestamp: number;
  failed: boolean;
}

/** Read every interesting toplevel: the sorted stats; a toplevel that fails is reported and left out. */
async function readStats(providers: readonly Provider[], config: StatgrabConfig, states: Map<Provider, Map<string, unknown>>, err: Writer, command: Command): Promise<Reading> {
  const items: StatItem[] = [];
  let failed = false;
  const warn = (text: string) => err(`${command}: ${text}\n`);
  for (const p of providers) {
    let state = states.get(p);
    if (!state) states.set(p, (state = new Map()));
    try {
      items.push(...(await p.populate({ options: undefined, diffs: config.repeat !== 'none', percent: config.percent, filesystems: config.filesystems, state, warn })));
    } catch (e) {
      if (!(e instanceof StatError)) throw e;
      err(`${command}: ${e.message}\n`);
      failed = true;
    }
  }
  const kept = config.display === 'graphite' ? items.filter((i) => !graphiteDrops(i)) : items;
  return { items: sortStats(kept), timestamp: Math.floor(Date.now() / 1000), failed };
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/**
 * Run statgrab with `argv` (without node and the script); resolves to the exit status.
 * @param command the name it was run as, for the usage and error lines.
 */
export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr, command: Command = 'statgrab'): Promise<number> {
  const write = makeWriter(stdout, command);
  const err: Writer = (text) => stderr.write(text);
  let config: StatgrabConfig;
  try {
    config = parseStatgrabArgs(argv);
  } catch (e) {
    if (!(e instanceof StatgrabUsage)) throw e;
    // statgrab prints its usage to stdout and exits 1 for any bad option.
    write(usageText(command));
    return 1;
  }
  if (config.help) {
    write(helpText(PROVIDERS, command));
    return 0;
  }
  if (config.display === 'mrtg') {
    if (config.stats.length !== 2) {
      err('fatal: mrtg mode: must specify exactly two stats\n');
      return 1;
    }
    if (config.repeat === 'forever') {
      err('fatal: mrtg mode: cannot repeat display\n');
      return 1;
    }
  }
  const providers = interesting(config.stats, PROVIDERS);
  const states = new Map<Provider, Map<string, unknown>>();
  let failed = false;
  const show = (r: Reading) => {
    failed ||= r.failed;
    const out = render(selectStats(r.items, config.stats), config, r.timestamp);
    if (out.stderr) err(out.stderr);
    write(out.stdout);
  };
  try {
    if (config.repeat === 'none') show(await readStats(providers, config, states, err, command));
    else if (config.repeat === 'once') {
      await readStats(providers, config, states, err, command);
      await sleep(config.delay);
      show(await readStats(providers, config, states, err, command));
    } else {
      await repeat(config.delay * 1000, config.count, async () => {
        show(await readStats(providers, config, states, err, command));
        write('\n');
      });
    }
    if (config.display === 'mrtg') write('\nstatgrab\n');
    return failed ? 1 : 0;
  } catch (e) {
    err(`${command}: internal error: ${(e as Error)?.message ?? e}\n`);
    return 1;
  }
}

/** The launcher's way out (bin/statgrab): the exit status, after the output, even with a statfs stuck on a dead mount. */
export function exit(status: number): void {
  exitAfterOutput(status);
}
