import { getContainerMemStats, getMemPressure, getMemStats, getSwapStats, StatError, type StatOptions } from '../../index.js';
import { backUp, CLEAR_SCREEN, fitToScreen, HiddenCursor, makeWriter, repeat, rowsOf, SHOW_CURSOR, Wake, type Writer } from '../common/terminal.js';
import { type CliConfig, parseCli, UsageError, usage } from './args.js';
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
function report(config: CliConfig, palette: Palette | undefined, columns?: number): string {
  // Without --scope, SYSGRAB_SCOPE (or the default, host) decides.
  const options = config.scope === undefined ? undefined : { scope: config.scope };
  return renderReport(config, getMemStats(options), getSwapStats(options), palette, new Date(), extrasFor(config, options), columns);
}

async function watch(config: CliConfig, palette: Palette | undefined, write: Writer, stdout: NodeJS.WriteStream): Promise<void> {
  // JSON Lines are appended even on a terminal: a record is never erased.
  const tty = stdout.isTTY === true && !config.json;
  let drawnRows = 0;
  let resized = false;
  const wake = new Wake();
  // On a terminal the cursor is hidden while reports are redrawn, and shown
  // again on every way out (see HiddenCursor). After Ctrl-Z and `fg` the
  // shell has written below the last report: draw afresh there, at once.
  const cursor = tty
    ? new HiddenCursor(write, () => {
        drawnRows = 0;
        wake.wake();
      })
    : undefined;
  const stop = () => {
    if (tty) write(`${SHOW_CURSOR}\n`);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const onResize = () => {
    resized = true;
  };
  if (tty) stdout.on('resize', onResize);
  try {
    await repeat(
      config.interval! * 1000,
      config.count,
      (n) => {
        if (!tty) {
          const text = report(config, palette);
          write(n > 1 && !config.json ? `\n${text}` : text);
          return;
        }
        const columns = stdout.columns || 80;
        // Never taller than the screen: the cursor could not get back to its top.
        const text = fitToScreen(report(config, palette, columns), columns, stdout.rows || 24);
        // Redraw in place: back up over the last report and clear below. After
        // a resize the old report has re-wrapped unpredictably: clear the screen.
        if (resized) write(CLEAR_SCREEN);
        else if (drawnRows > 0) write(backUp(drawnRows));
        resized = false;
        drawnRows = rowsOf(text, columns);
        write(text);
      },
      undefined,
      wake,
    );
  } finally {
    cursor?.restore();
    stdout.off('resize', onResize);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** The name the command was run as: `freecolor`, or `sysgrab-freecolor` beside another freecolor. */
export const COMMANDS = ['freecolor', 'sysgrab-freecolor'] as const;

/**
 * Run freecolor with `argv` (without node and the script); resolves to the exit status.
 * @param command the name it was run as, for the usage and error lines.
 */
export async function main(
  argv: string[],
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  command: (typeof COMMANDS)[number] = 'freecolor',
): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr.write(`${command}: ${err.message}\n${usage(command)}`);
    return 2;
  }
  const write = makeWriter(stdout, command);
  if (config.help) {
    write(usage(command));
    return 0;
  }
  if (config.version) {
    write(`${command} version ${version()} (sysgrab; compatible with freecolor 0.9.3)\n`);
    return 0;
  }
  try {
    let palette: Palette | undefined;
    if (!config.json) {
      const { choosePalette } = require('./palette.js') as typeof import('./palette.js');
      palette = await choosePalette(config.color, stdout.isTTY === true);
    }
    if (config.interval === undefined) write(report(config, palette, stdout.isTTY === true ? stdout.columns || 80 : undefined));
    else await watch(config, palette, write, stdout);
    return 0;
  } catch (err) {
    if (err instanceof StatError) {
      stderr.write(`${command}: ${err.message}\n`);
      return 1;
    }
    stderr.write(`${command}: internal error: ${(err as Error)?.message ?? err}\n`);
    return 1;
  }
}
