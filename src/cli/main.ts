import { stripVTControlCharacters } from 'node:util';
import { getMemStats, getSwapStats, StatError } from '../index.js';
import { parseCli, USAGE, UsageError, type CliConfig } from './args.js';
import { renderBars, renderOld, viewOf, type Format, type Palette } from './render.js';

/*
 * The freecolor command: read, render, write. Only what a report needs is
 * loaded: chalk when colour is on, cli-table3 for -a.
 */

type Writer = (text: string) => void;

/** Exit quietly when the reader of a pipe has gone (`freecolor -s 1 | head -1`). */
function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'EPIPE';
}

function makeWriter(stream: NodeJS.WriteStream): Writer {
  stream.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(0);
    process.stderr.write(`freecolor: cannot write: ${err.message}\n`);
    process.exit(1);
  });
  return (text) => {
    try {
      stream.write(text);
    } catch (err) {
      if (isBrokenPipe(err)) process.exit(0);
      throw err;
    }
  };
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

/** One report, as the flags ask. Reads fresh statistics each time. */
function report(config: CliConfig, palette: Palette | undefined): string {
  const mem = getMemStats();
  const swap = getSwapStats();
  if (config.json) return `${JSON.stringify({ mem, swap, time: new Date().toISOString() })}\n`;
  const format: Format = { unit: config.unit, human: config.human };
  if (config.all) {
    const { renderAll } = require('./all.js') as typeof import('./all.js');
    return renderAll(mem, swap, format, palette !== undefined);
  }
  const view = viewOf(mem, swap, config.arc);
  return config.old ? renderOld(view, format, config.total) : renderBars(view, format, config.total, palette);
}

/** Terminal rows a text takes, counting wrapped lines and 8-column tabs. */
export function rowsOf(text: string, columns: number): number {
  let rows = 0;
  for (const line of text.split('\n').slice(0, -1)) {
    let width = 0;
    for (const ch of stripVTControlCharacters(line)) width = ch === '\t' ? (Math.floor(width / 8) + 1) * 8 : width + 1;
    rows += Math.max(1, Math.ceil(width / Math.max(1, columns)));
  }
  return rows;
}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Time as the watch loop sees it; tests pass a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Call `draw(n)` for n = 1, 2, ... (up to `count`), the Nth call due N - 1
 * intervals after the start, whatever the earlier ones cost: the series
 * does not drift, and a late report is followed at once by the next.
 */
export async function repeat(intervalMs: number, count: number | undefined, draw: (n: number) => void, clock: Clock = realClock): Promise<void> {
  const start = clock.now();
  for (let n = 1; ; n++) {
    draw(n);
    if (count !== undefined && n >= count) return;
    await clock.sleep(Math.max(0, start + n * intervalMs - clock.now()));
  }
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
    stdout.on('resize', () => { resized = true; });
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
    if (resized) write('\x1b[2J\x1b[H');
    else if (drawnRows > 0) write(`\x1b[${drawnRows}A\r\x1b[0J`);
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
  const write = makeWriter(stdout);
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
      const { choosePalette } = require('./color.js') as typeof import('./color.js');
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
