import { makeWriter } from '../common/terminal.js';
import { parseSaidarArgs, type SaidarConfig, UsageError, usage } from './args.js';
import { renderSaidar } from './render.js';
import { makeSampler } from './sources.js';
import { ENTER, InPlace, RESTORE } from './terminal.js';

/*
 * saidar: a full-screen view, redrawn in place every `-d` seconds, as
 * libstatgrab's saidar lays it out. It takes the terminal over (alternate
 * screen, hidden cursor, keys unechoed) and gives it back on every way out:
 * q, Ctrl-C, SIGINT, SIGTERM, SIGHUP, a terminal that went away.
 */

function version(): string {
  return (require('../../../package.json') as { version: string }).version;
}

/** Run the view until the user quits; resolves to the exit status. */
async function run(config: SaidarConfig, stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, command: Command): Promise<number> {
  const write = makeWriter(stdout, command);
  const sampler = makeSampler(config.fsTypes);
  const inPlace = new InPlace();
  let frame = sampler.next(new Date());
  let sampledAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let finish: (status: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const draw = () => {
    const screen = renderSaidar(frame, { rows: stdout.rows || 24, cols: stdout.columns || 80, colour: config.colour });
    write(inPlace.frame(screen));
  };
  const tick = () => {
    frame = sampler.next(new Date());
    sampledAt = Date.now();
    draw();
  };

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (timer) clearInterval(timer);
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    } catch {
      // The terminal is gone: nothing to give back.
    }
    try {
      stdout.write(RESTORE);
    } catch {
      // Same.
    }
  };
  const quit = (status: number) => {
    restore();
    finish(status);
  };
  const onSignal = (signal: NodeJS.Signals) => quit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  // A terminal that went away (a closed pty) fails reads and writes with EIO.
  stdout.on('error', () => quit(1));
  stdin.on('error', () => quit(1));
  stdin.on('end', () => quit(0));
  process.on('exit', restore);

  stdout.write(ENTER);
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.resume();
  stdin.on('data', (key: Buffer) => {
    if (key.includes(0x71) /* q */ || key.includes(0x03) /* Ctrl-C */) return quit(key.includes(0x03) ? 130 : 0);
    // Any other key redraws now; figures newer than a second are kept, as saidar does.
    if (Date.now() - sampledAt >= 1000) tick();
    else draw();
  });
  stdout.on('resize', () => {
    inPlace.reset();
    draw();
  });
  draw();
  timer = setInterval(tick, config.delay * 1000);
  const status = await done;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  process.off('exit', restore);
  return status;
}

/** The name the command was run as: `saidar`, or `sysgrab-saidar` beside libstatgrab's. */
export const COMMANDS = ['saidar', 'sysgrab-saidar'] as const;

export type Command = (typeof COMMANDS)[number];

/**
 * saidar with `argv` (without node and the script); resolves to the exit status.
 * @param command the name it was run as, for the usage and error lines.
 */
export async function main(
  argv: string[],
  stdin: NodeJS.ReadStream = process.stdin,
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  command: Command = 'saidar',
): Promise<number> {
  let config: SaidarConfig;
  try {
    config = parseSaidarArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    stderr.write(`${command}: ${err.message}\n\n${usage(command)}`);
    return 2;
  }
  if (config.help) {
    stdout.write(usage(command));
    return 0;
  }
  if (config.version) {
    stdout.write(`${command} (sysgrab) ${version()}\n`);
    return 0;
  }
  if (!stdout.isTTY || !stdin.isTTY) {
    // The report command of the same family: statgrab, or sysgrab-statgrab beside libstatgrab's.
    const report = command === 'saidar' ? 'statgrab' : 'sysgrab-statgrab';
    stderr.write(`${command}: needs a terminal on standard input and output (for a report, use ${report})\n`);
    return 1;
  }
  return run(config, stdin, stdout, command);
}
