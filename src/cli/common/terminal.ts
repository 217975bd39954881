import { stripVTControlCharacters } from 'node:util';

/*
 * What every command that writes to a terminal needs: a writer that ends
 * quietly when the reader of a pipe has gone, the cursor escapes, the rows
 * a text takes, and a watch loop that does not drift.
 */

export type Writer = (text: string) => void;

export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';

/** Back up `rows` rows to the start of the first and clear below. */
export function backUp(rows: number): string {
  return `\x1b[${rows}A\r\x1b[0J`;
}

function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/**
 * Write to `stream`; a closed pipe (`cmd -s 1 | head -1`) exits 0, any other
 * write error exits 1 with one line naming the command.
 */
export function makeWriter(stream: NodeJS.WriteStream, command: string): Writer {
  stream.on('error', (err) => {
    if (isBrokenPipe(err)) process.exit(0);
    process.stderr.write(`${command}: cannot write: ${err.message}\n`);
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

/** Time as the watch loop sees it; tests pass a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Call `draw(n)` for n = 1, 2, ... (up to `count`), the Nth call due N - 1
 * intervals after the start, whatever the earlier ones cost: the series
 * does not drift, and a late report is followed at once by the next.
 */
export async function repeat(intervalMs: number, count: number | undefined, draw: (n: number) => void | Promise<void>, clock: Clock = realClock): Promise<void> {
  const start = clock.now();
  for (let n = 1; ; n++) {
    await draw(n);
    if (count !== undefined && n >= count) return;
    await clock.sleep(Math.max(0, start + n * intervalMs - clock.now()));
  }
}
