import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanEnv, FREECOLOR, freecolor, hasCommand, procRootOf, ROOT, tempDir } from '../support/helpers.js';

/*
 * End-to-end runs of the freecolor defects a new user hit (issue 16): on a
 * pseudo-terminal (Ctrl-Z, an error mid-watch, a short terminal), a stalled
 * watch, flags -j cannot honour, a malformed /proc/swaps. The pure parts
 * are tested in test/unit/.
 */

const HIDE = '\x1b[?25l';
const SHOW = '\x1b[?25h';
const linuxEnv = { HOST_PROC: procRootOf('large-swap-in-use-4g'), SYSGRAB_PLATFORM: 'linux' };
const tmp = tempDir('sysgrab-freecolor-');
after(() => tmp.remove());

const canPty = process.platform === 'linux' && hasCommand('python3') ? false : 'python3 is not installed (.ci/run installs it)';

interface Session {
  status: number | null;
  signal: number | null;
  output: string;
  marks: number[];
  stopped: boolean;
  error: string | null;
}

/** Run `args` (node arguments) on a ROWS x COLS pseudo-terminal through the scenario `steps`. */
function onTerminal(rows: number, cols: number, steps: unknown[], args: string[], env: Record<string, string> = linuxEnv): Session {
  const r = spawnSync('python3', [join(ROOT, 'test', 'support', 'pty-session.py'), String(rows), String(cols), JSON.stringify(steps), '--', process.execPath, ...args], {
    env: cleanEnv({ ...env, TERM: 'xterm' }),
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Session;
}

/** The last cursor escape in `text`: 'shown', 'hidden' or undefined. */
function lastCursor(text: string): 'shown' | 'hidden' | undefined {
  const show = text.lastIndexOf(SHOW);
  const hide = text.lastIndexOf(HIDE);
  if (show < 0 && hide < 0) return undefined;
  return show > hide ? 'shown' : 'hidden';
}

describe('freecolor -s on a terminal', { skip: canPty }, () => {
  it('Ctrl-Z shows the cursor and stops; fg (SIGCONT) hides it, reports at once and goes on', () => {
    const s = onTerminal(24, 100, [['until', 'Physical'], ['mark'], ['type', '\u001a'], ['stopped'], ['mark'], ['signal', 'SIGCONT'], ['until', 'Physical']], [FREECOLOR, '-s', '0.2', '-c', '4']);
    assert.equal(s.error, null, s.output);
    assert.ok(s.stopped, 'the command stopped on Ctrl-Z');
    const [typed, resumed] = s.marks as [number, number];
    assert.equal(lastCursor(s.output.slice(0, resumed)), 'shown', 'cursor visible while stopped');
    assert.ok(s.output.slice(typed, resumed).includes(SHOW));
    assert.ok(s.output.slice(resumed).includes(HIDE), 'hidden again after fg');
    assert.equal(s.status, 0);
    assert.equal(lastCursor(s.output), 'shown', 'cursor visible at the end');
  });

  it('an error mid-watch (meminfo gone) ends with status 1, one line, and the cursor shown', () => {
    const dir = join(tmp.dir, 'vanishing');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(procRootOf('large-swap-in-use-4g'), 'meminfo'), join(dir, 'meminfo'));
    copyFileSync(join(procRootOf('large-swap-in-use-4g'), 'swaps'), join(dir, 'swaps'));
    const script = `setTimeout(()=>require('fs').rmSync(${JSON.stringify(join(dir, 'meminfo'))}),300);process.argv=[process.argv[0],${JSON.stringify(FREECOLOR)},'-s','0.1'];require(${JSON.stringify(FREECOLOR)})`;
    const s = onTerminal(24, 100, [], ['-e', script], { HOST_PROC: dir, SYSGRAB_PLATFORM: 'linux' });
    assert.equal(s.status, 1, s.output);
    assert.match(s.output, /freecolor: HOST_PROC=[^:]+: cannot read .*meminfo/);
    assert.equal(lastCursor(s.output), 'shown');
  });

  it('-a -s on a terminal shorter than the table redraws in place, never backing up past the screen', () => {
    const rows = 10;
    const s = onTerminal(rows, 100, [], [FREECOLOR, '-a', '-s', '0.1', '-c', '4']);
    assert.equal(s.status, 0, s.output);
    const backUps = [...s.output.matchAll(/\x1b\[(\d+)A/g)].map((m) => Number(m[1]));
    assert.equal(backUps.length, 3, 'three redraws');
    for (const n of backUps) assert.ok(n <= rows - 1, `backs up ${n} rows on a ${rows}-row terminal`);
    assert.match(s.output, /more lines: enlarge the terminal/);
  });
});

describe('freecolor -s after a stall', () => {
  it('SIGSTOP for 2 s at -s 0.1 does not replay the missed reports on SIGCONT', { timeout: 20000 }, async () => {
    const child = spawn(process.execPath, [FREECOLOR, '-j', '-s', '0.1', '-c', '12'], { env: cleanEnv(linuxEnv) });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
    });
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 2000));
    const resumedAt = Date.now();
    child.kill('SIGCONT');
    await new Promise((r) => child.on('exit', r));
    // Each report carries the time freecolor made it (not when this busy
    // process read it). The old loop made the ~20 missed reports within a
    // few ms of SIGCONT; now one comes at once (the tick that fell due while
    // stopped), then the next tick of the schedule: at most two in an interval.
    const times = out
      .trim()
      .split('\n')
      .map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    const burst = times.filter((t) => t >= resumedAt - 5 && t < resumedAt + 100).length;
    assert.ok(burst <= 2, `${burst} reports in the 100 ms after SIGCONT`);
    assert.equal(times.length, 12);
  });
});

describe('flags that do not apply: exit 2 naming them', () => {
  for (const args of [
    ['-j', '-m'],
    ['-j', '-t'],
    ['-j', '--arc'],
    ['-a', '-o'],
  ]) {
    it(`freecolor ${args.join(' ')}`, () => {
      const r = freecolor(args, linuxEnv);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr.split('\n')[0]!, new RegExp(`^freecolor: .*${args[1]!.replace(/-/g, '\\-')}`));
    });
  }
});

describe('a malformed /proc/swaps', () => {
  const dir = join(tmp.dir, 'bad-swaps');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(procRootOf('large-swap-in-use-4g'), 'meminfo'), join(dir, 'meminfo'));
  writeFileSync(join(dir, 'swaps'), 'Filename\tType\tSize\tUsed\tPriority\n/dev/nvme0n1p3 partition 8388604 4194304 -2\n/swapfile file lots 0 -3\n');
  const bad = { HOST_PROC: dir, SYSGRAB_PLATFORM: 'linux' };
  for (const args of [[], ['-t'], ['-o', '-t'], ['-m', '-o']]) {
    it(`freecolor ${args.join(' ') || '(bars)'} prints what it prints with a good one`, () => {
      const r = freecolor(args, bad);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, freecolor(args, linuxEnv).stdout);
    });
  }
  it('freecolor -j: devices left out, totals there', () => {
    const r = freecolor(['-j'], bad);
    assert.equal(r.status, 0, r.stderr);
    const swap = JSON.parse(r.stdout).swap;
    assert.equal(swap.devices, undefined);
    assert.equal(swap.total, 16777212 * 1024);
  });
  it('freecolor -a: the device list says unknown, as when the file cannot be read', () => {
    const r = freecolor(['-a'], bad);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /│ swap devices +│ +unknown │/);
    const unreadable = join(tmp.dir, 'no-swaps');
    mkdirSync(unreadable, { recursive: true });
    copyFileSync(join(dir, 'meminfo'), join(unreadable, 'meminfo'));
    assert.equal(freecolor(['-a'], { HOST_PROC: unreadable, SYSGRAB_PLATFORM: 'linux' }).stdout, r.stdout);
  });
});
