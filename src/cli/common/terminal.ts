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

/**
 * `text` cut to what a terminal of `rows` rows shows without scrolling:
 * at most rows - 1 rows (the cursor waits on the last), the last of them
 * saying how many lines were left out. A report taller than the screen
 * cannot be redrawn in place (the cursor cannot move back above the top of
 * the screen, so copies pile up), hence the cut.
 */
export function fitToScreen(text: string, columns: number, rows: number): string {
  const budget = Math.max(2, rows - 1);
  if (rowsOf(text, columns) <= budget) return text;
  const lines = text.split('\n').slice(0, -1);
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const r = rowsOf(`${line}\n`, columns);
    if (used + r > budget - 1) break;
    kept.push(line);
    used += r;
  }
  const hidden = lines.length - kept.length;
  const note = `... ${hidden} more line${hidden === 1 ? '' : 's'}: enlarge the terminal to see them`;
  return `${kept.join('\n')}\n${note.slice(0, Math.max(1, columns - 1))}\n`;
}

/** Time as the watch loop sees it; tests pass a fake one. */
export interface Clock {
  now(): number;
  /** Resolve after `ms`, or at once when `signal` aborts (the timer is then cleared). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** setTimeout's longest delay (about 24.8 days); a longer one fires at once, so sleeps are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let timer: NodeJS.Timeout;
      const end = performance.now() + ms;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const arm = () => {
        const left = end - performance.now();
        if (left <= 0) return done();
        timer = setTimeout(left > MAX_TIMER_MS ? arm : done, Math.min(left, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', done, { once: true });
      arm();
    }),
};

/** Ends the watch loop's current wait early (on SIGCONT: report now, not at the next tick). */
export class Wake {
  #controller = new AbortController();
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  wake(): void {
    this.#controller.abort();
    this.#controller = new AbortController();
  }
}

/**
 * Call `draw(n)` for n = 1, 2, ... (up to `count`) on the ticks of a fixed
 * schedule: start, start + interval, start + 2 intervals... Reports do not
 * drift, and ticks missed while the process was stopped (Ctrl-Z, SIGSTOP)
 * or while a report was slow are skipped, not replayed in a burst: the
 * next report falls on the next tick still ahead. `wake` draws at once,
 * then the schedule goes on. `count` counts reports, not ticks.
 */
export async function repeat(intervalMs: number, count: number | undefined, draw: (n: number) => void | Promise<void>, clock: Clock = realClock, wake?: Wake): Promise<void> {
  const start = clock.now();
  // The last tick a report fell on (tick k is due at start + k intervals).
  let lastTick = 0;
  for (let n = 1; ; n++) {
    await draw(n);
    if (count !== undefined && n >= count) return;
    const now = clock.now();
    const next = Math.max(lastTick + 1, Math.floor((now - start) / intervalMs) + 1);
    const signal = wake?.signal;
    await clock.sleep(start + next * intervalMs - now, signal);
    // Woken early, the report comes between ticks and `next` is still ahead.
    if (!signal?.aborted) lastTick = next;
  }
}

/**
 * The cursor hidden for a redraw-in-place loop, and shown again on every
 * way out: the normal end (`restore`), an error (callers restore in a
 * finally), process.exit from a signal handler or a closed pipe (an 'exit'
 * hook), and Ctrl-Z: on SIGTSTP the cursor is shown and the process stops
 * itself with SIGSTOP (a handled SIGTSTP no longer stops it; the kernel
 * also discards a default one in an orphaned process group); on SIGCONT it
 * is hidden again and `onContinue` runs (redraw: the shell wrote below).
 */
export class HiddenCursor {
  #hidden = false;
  readonly #write: Writer;
  readonly #onContinue: () => void;
  readonly #onExit = () => this.show();
  readonly #onStop = () => {
    this.show();
    process.kill(process.pid, 'SIGSTOP');
  };
  readonly #onCont = () => {
    this.hide();
    this.#onContinue();
  };

  constructor(write: Writer, onContinue: () => void = () => {}) {
    this.#write = write;
    this.#onContinue = onContinue;
    this.hide();
    process.on('exit', this.#onExit);
    process.on('SIGTSTP', this.#onStop);
    process.on('SIGCONT', this.#onCont);
  }

  hide(): void {
    if (this.#hidden) return;
    this.#hidden = true;
    this.#write(HIDE_CURSOR);
  }

  show(): void {
    if (!this.#hidden) return;
    this.#hidden = false;
    try {
      this.#write(SHOW_CURSOR);
    } catch {
      // The terminal is gone: nothing left to restore.
    }
  }

  /** Show the cursor for good and stop handling the signals. */
  restore(): void {
    this.show();
    process.off('exit', this.#onExit);
    process.off('SIGTSTP', this.#onStop);
    process.off('SIGCONT', this.#onCont);
  }
}
