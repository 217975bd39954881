import { getContainerMemStats, getMemPressure, getMemStats, getSwapStats, StatError, type StatOptions } from '../../index.js';
import { backUp, CLEAR_SCREEN, HIDE_CURSOR, makeWriter, repeat, rowsOf, SHOW_CURSOR, type Writer } from '../common/terminal.js';
import { parseCli, USAGE, UsageError, type CliConfig } from './args.js';
import { type Extras, renderReport, type Palette } from './render.js';

/*
 * The freecolor command: read, render, write. Only what a report needs is
 * loaded: chalk when colour is on, cli-table3 for -a.
 */

function version(): string {
  return (require('../../../package.json') as { version: string }).version;
}

/** The container and pressure figures the flags ask for (none for plain bars). */
export function extrasFor(config: CliConfig, options: StatOptions | undefined): Extras {
  const extras: Extras = {};
  const unsupported = (err: unknown) => err instanceof StatError && err.code === 'UNSUPPORTED';
  if (config.all || config.json) {
    try {
      extras.container = getContainerMemStats(options);
    } catch (err) {
      if (!unsupported(err)) throw err;
    }
  }
  if (config.all || config.json || config.pressure) {
    try {
      extras.pressure = getMemPressure(options);
    } catch (err) {
      if (!unsupported(err)) throw err;
    }
  }
  return extras;
}

/** One report, as the flags ask, of fresh statistics. */
function report(config: CliConfig, palette: Palette | undefined): string {
  // Without --scope, SYSGRAB_SCOPE (or the default, host) decides.
  const options = config.scope === undefined ? undefined : { scope: config.scope };
  return renderReport(config, getMemStats(options), getSwapStats(options), palette, new Date(), extrasFor(config, options));
}

async function watch(config: CliConfig, palette: Palette | undefined, write: Writer, stdout: NodeJS.WriteStream): Promise<void> {
  // JSON Lines are appended even on a terminal: a record is never erased.
  const tty = stdout.isTTY === true && !config.json;
  let drawnRows = 0;
  let resized = false;
  const stop = () => {
    if (tty) write(`${SHOW_CURSOR}\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (tty) {
    stdout.on('resize', () => {
      resized = true;
    });
    write(HIDE_CURSOR);
  }
  await repeat(config.interval! * 1000, config.count, (n) => {
    const text = report(config, palette);
    if (!tty) {
      write(n > 1 && !config.json ? `\n${text}` : text);
      return;
    }
    // Redraw in place: back up over the last report and clear below. After
    // a resize the old report has re-wrapped unpredictably: clear the screen.
    if (resized) write(CLEAR_SCREEN);
    else if (drawnRows > 0) write(backUp(drawnRows));
    resized = false;
    drawnRows = rowsOf(text, stdout.columns || 80);
    write(text);
  });
  if (tty) write(SHOW_CURSOR);
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
}

/** Run freecolor with `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: string[], stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr.write(`freecolor: ${err.message}\n${USAGE}`);
    return 2;
  }
  const write = makeWriter(stdout, 'freecolor');
  if (config.help) {
    write(USAGE);
    return 0;
  }
  if (config.version) {
    write(`freecolor version ${version()} (sysgrab; compatible with freecolor 0.9.3)\n`);
    return 0;
  }
  try {
    let palette: Palette | undefined;
    if (!config.json) {
      const { choosePalette } = require('./palette.js') as typeof import('./palette.js');
      palette = await choosePalette(config.color, stdout.isTTY === true);
    }
    if (config.interval === undefined) write(report(config, palette));
    else await watch(config, palette, write, stdout);
    return 0;
  } catch (err) {
    if (err instanceof StatError) {
      stderr.write(`freecolor: ${err.message}\n`);
      return 1;
    }
    stderr.write(`freecolor: internal error: ${(err as Error)?.message ?? err}\n`);
    return 1;
  }
}
