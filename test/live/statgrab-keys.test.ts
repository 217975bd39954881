import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cleanEnv, expectedOutputs, fixtureCases } from '../support/helpers.js';
import { corrected, corrections, inCase, maskTimes, oracleUnavailable, STATGRAB, statgrabArgs } from '../support/statgrab.js';

/*
 * Debian's statgrab (libstatgrab 0.92.1) and sysgrab's statgrab side by
 * side, reading the same files: each Linux fixture is bind-mounted over
 * /proc (with its CPU lists and utmp) in a private mount namespace and both
 * commands run there with their defaults. Every line must be the same but
 * for the documented corrections (expected/statgrab-corrections.json), each
 * of which must find its oracle line. The oracle's output must also still be
 * the recorded one (expected/statgrab/*.txt). Then both run on this machine.
 */

const skip = oracleUnavailable();
const now = () => Math.floor(Date.now() / 1000);
const cases = fixtureCases('linux').filter((n) => expectedOutputs('linux', n, 'statgrab').length > 0);

describe("sysgrab's statgrab and Debian's read the same fixture files", { skip }, () => {
  for (const name of cases) {
    const fix = corrections(name);
    for (const { file } of expectedOutputs('linux', name, 'statgrab')) {
      if (file.endsWith('.stderr.txt')) continue;
      const args = statgrabArgs(file);
      // -o sleeps a second per command: one case covers cpu./page., one disk./net.
      if (args.includes('-o') && name !== 'gopsutil-4cpu' && name !== 'fsdisknet-router-32bit-wrap') continue;
      const base = file.slice(file.lastIndexOf('/') + 1);
      it(`${name}: statgrab ${args.join(' ')}`, () => {
        const t0 = now();
        const theirs = inCase(name, ['statgrab', ...args]);
        const ours = inCase(name, [process.execPath, STATGRAB, ...args]);
        const t1 = now() + 1;
        assert.equal(theirs.error, undefined);
        const oracle = maskTimes(theirs.stdout, args, t0, t1);
        if (args[0] === '-x') {
          assert.equal(ours.status, 1);
          assert.equal(theirs.status, 1);
          return;
        }
        assert.equal(oracle, readFileSync(file, 'utf8'), 'the oracle still prints what was recorded');
        const want = corrected(oracle, fix.files[base]);
        assert.deepEqual(want.missing, []);
        assert.equal(maskTimes(ours.stdout, args, t0, t1), want.text);
        assert.equal(ours.stderr, theirs.stderr);
        assert.equal(ours.status, theirs.status);
      });
    }
  }
});

/** `statgrab ARGS` (Debian's, or sysgrab's) on this machine, as name -> value. */
function run(command: string[], args: string[]): Map<string, string> {
  const r = spawnSync(command[0]!, [...command.slice(1), ...args], { encoding: 'utf8', env: cleanEnv() });
  assert.equal(r.status, 0, r.stderr);
  const m = new Map<string, string>();
  for (const line of r.stdout.trim().split('\n')) {
    const at = line.indexOf(' = ');
    m.set(line.slice(0, at), line.slice(at + 3));
  }
  return m;
}

const DEBIAN = ['statgrab'];
const OURS = [process.execPath, STATGRAB];

/** ours, theirs, ours: theirs must lie between ours (retried while the machine moves under a gauge). */
function bracketed(args: string[], check: (a: Map<string, string>, b: Map<string, string>, c: Map<string, string>) => string[]): void {
  let problems: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const a = run(OURS, args);
    const b = run(DEBIAN, args);
    const c = run(OURS, args);
    assert.deepEqual([...b.keys()], [...a.keys()], 'the same keys in the same order');
    problems = check(a, b, c);
    if (problems.length === 0) return;
  }
  assert.deepEqual(problems, []);
}

const between = (key: string, a: Map<string, string>, b: Map<string, string>, c: Map<string, string>, slack = 0): string[] => {
  const [x, y, z] = [Number(a.get(key)), Number(b.get(key)), Number(c.get(key))];
  return y >= Math.min(x, z) - slack && y <= Math.max(x, z) + slack ? [] : [`${key}: statgrab ${y}, sysgrab ${x} then ${z}`];
};

/** How many processes are in each state letter now (/proc/<pid>/stat, read by the test itself). */
function letters(): Record<string, number> {
  const n: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const l = stat.charAt(stat.lastIndexOf(')') + 2);
      n[l] = (n[l] ?? 0) + 1;
    } catch {}
  }
  return n;
}

describe("sysgrab's statgrab and Debian's on this machine", { skip }, () => {
  it('general.* are equal (uptime between our two readings)', () =>
    bracketed(['general.'], (a, b, c) => {
      const p: string[] = [];
      for (const [k, v] of b) if (k !== 'general.uptime' && v !== a.get(k)) p.push(`${k}: statgrab ${v}, sysgrab ${a.get(k)}`);
      return [...p, ...between('general.uptime', a, b, c)];
    }));
  it('mem.* and swap.* are equal', () => bracketed(['mem.', 'swap.'], (a, b) => [...b].filter(([k, v]) => a.get(k) !== v).map(([k, v]) => `${k}: statgrab ${v}, sysgrab ${a.get(k)}`)));
  it('cpu.*, page.* and proc.* counters lie between our two readings', () =>
    bracketed(['cpu.', 'page.', 'proc.'], (a, b, c) =>
      [...b.keys()]
        .filter((k) => !k.endsWith('systime') && !k.startsWith('proc.'))
        .flatMap((k) => between(k, a, b, c))
        .concat(
          // Processes come and go (these commands among them): a few either way.
          ['proc.total', 'proc.running', 'proc.zombie'].flatMap((k) => between(k, a, b, c, 3)),
        ),
    ));
  it('proc.sleeping and proc.stopped differ by the documented correction (C7): D and I sleep, t is stopped', () =>
    bracketed(['proc.sleeping', 'proc.stopped'], (a, b, c) => {
      const n = letters();
      const sleepingFix = (n.D ?? 0) + (n.I ?? 0) + (n.P ?? 0) + (n.W ?? 0) + (n.K ?? 0);
      const stoppedFix = (n.t ?? 0) - (n.D ?? 0);
      const shifted = new Map([
        ['proc.sleeping', String(Number(b.get('proc.sleeping')) + sleepingFix)],
        ['proc.stopped', String(Number(b.get('proc.stopped')) + stoppedFix)],
      ]);
      return [...between('proc.sleeping', a, shifted, c, 3), ...between('proc.stopped', a, shifted, c, 1)];
    }));
  it("load.*: statgrab has the kernel's average to 1/2048 (sysinfo), sysgrab /proc/loadavg, which is that average as the kernel prints it", () =>
    bracketed(['load.'], (a, b, c) => {
      // fs/proc/loadavg.c: get_avenrun(avnrun, FIXED_1/200, 0), then LOAD_INT and LOAD_FRAC: add
      // 10/2048 (not quite 0.005) and cut to 2 decimals, so the two can differ by up to 0.0051.
      const asProcLoadavg = (v: string) => {
        const n = Math.round(Number(v) * 2048) + Math.floor(2048 / 200);
        return String((n >> 11) + Math.floor(((n & 2047) * 100) / 2048) / 100);
      };
      const printed = new Map([...b].map(([k, v]) => [k, asProcLoadavg(v)]));
      return [...b.keys()].flatMap((k) => between(k, a, printed, c, 1e-9).map((p) => `${p} (statgrab ${b.get(k)})`));
    }));
});
