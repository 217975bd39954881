import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { caseDir, cleanEnv, expectedJson, expectedOutputs, fixtureCases, tempDir } from '../support/helpers.js';
import { DRIVERS, freebsdEnv, shimLibrary, shimUnavailable } from '../support/shim.js';
import { corrected, corrections, linuxCaseEnv, maskTimes, STATGRAB, statgrabArgs, statgrabRun, writeUtxActive } from '../support/statgrab.js';

/*
 * sysgrab's statgrab on the fixtures against what Debian's statgrab 0.92.1
 * printed on the same files (expected/statgrab/*.txt, recorded by the command
 * in each case's README), with the documented corrections
 * (expected/statgrab-corrections.json) and nothing else different. The live
 * test (test/live/statgrab-keys.test.ts) runs both side by side.
 */

const linuxCases = fixtureCases('linux').filter((n) => expectedOutputs('linux', n, 'statgrab').length > 0);
const now = () => Math.floor(Date.now() / 1000);

/** Exit status statgrab gave for an expected file (the README's list). */
function expectedStatus(args: string[]): number {
  return (args[0] === '-m' && args.length === 2) || args[0] === '-x' ? 1 : 0;
}

describe('statgrab matches the oracle on every Linux fixture, but for documented corrections', () => {
  it('has the four cases', () => assert.ok(linuxCases.length >= 4, linuxCases.join(' ')));
  for (const name of linuxCases) {
    const fix = corrections(name);
    for (const { file } of expectedOutputs('linux', name, 'statgrab')) {
      if (file.endsWith('.stderr.txt')) continue;
      const args = statgrabArgs(file);
      const base = file.slice(file.lastIndexOf('/') + 1);
      it(`${name}: statgrab ${args.join(' ')}`, async () => {
        const t0 = now();
        const r = await statgrabRun(args, linuxCaseEnv(name));
        const t1 = now() + 1;
        const oracle = readFileSync(file, 'utf8');
        if (args[0] === '-x') {
          // Documented: the usage adds -j, --count, --help and names sysgrab's version.
          const ours = r.stdout.split('\n');
          for (const line of oracle.split('\n').filter((l) => l !== '' && !l.startsWith('Version '))) assert.ok(ours.includes(line), `usage line ${JSON.stringify(line)}`);
          assert.match(r.stdout, /^Version .* \(sysgrab; statgrab 0\.92\.1 compatible\)\.$/m);
        } else {
          const want = corrected(oracle, fix.files[base]);
          assert.deepEqual(want.missing, [], 'every documented correction finds its oracle line');
          assert.equal(maskTimes(r.stdout, args, t0, t1), want.text);
        }
        const stderrFile = file.replace(/\.txt$/, '.stderr.txt');
        let wantErr = '';
        try {
          wantErr = readFileSync(stderrFile, 'utf8');
        } catch {}
        assert.equal(r.stderr, wantErr);
        assert.equal(r.status, expectedStatus(args));
      });
    }
  }
});

const skipShim = shimUnavailable() ?? false;

describe('statgrab through the FreeBSD double: every snapshot, both FFI drivers', { skip: skipShim }, () => {
  const dir = tempDir('sysgrab-statgrab-');
  before(() => shimLibrary());
  after(() => dir.remove());
  for (const name of fixtureCases('freebsd', 'cpu')) {
    for (const ffi of DRIVERS) {
      for (const { file } of expectedOutputs('freebsd', name, 'statgrab')) {
        const args = statgrabArgs(file);
        it(`${name} through ${ffi}: statgrab ${args.join(' ')}`, async () => {
          const env = freebsdEnv(name, ffi);
          const utx = join(dir.dir, `${name}.utx`);
          writeUtxActive(env.FAKEBSD_SNAPSHOT!, utx);
          const t0 = now();
          const r = await statgrabRun(args, { ...env, SYSGRAB_UTMP: utx });
          const t1 = now() + 1;
          assert.equal(r.stderr, '');
          assert.equal(r.status, 0);
          const boot = Math.floor(expectedJson<{ bootTime: number }>('freebsd', name, 'host').bootTime);
          const out = maskTimes(r.stdout, args, t0, t1).replace(/^(general\.uptime(?: = |: ))(\d+)$/m, (line, head: string, v: string) =>
            Number(v) >= t0 - boot && Number(v) <= t1 - boot ? `${head}<UPTIME>` : line,
          );
          assert.equal(out, readFileSync(file, 'utf8'));
        });
      }
    }
  }
});

describe('statgrab as a command', () => {
  const env = linuxCaseEnv('gopsutil-4cpu');
  it('prints the usage and every key with --help, exit 0', async () => {
    const r = await statgrabRun(['--help'], env);
    assert.equal(r.status, 0);
    for (const key of ['cpu.ctxsw', 'mem.cache', 'load.min15', 'user.<tty>.login_name', 'general.ncpus_cfg', 'proc.zombie', 'page.in', 'const.0'])
      assert.match(r.stdout, new RegExp(`^  ${key.replace(/[.<>]/g, '\\$&')} `, 'm'));
  });
  it('-j prints one JSON object with typed values, scaled as asked', async () => {
    const r = await statgrabRun(['-j', '-K', 'mem.total', 'user.', 'general.uptime'], env);
    assert.equal(r.status, 0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(o['mem.total'], Math.round(8232103936 / 1024));
    assert.equal(o['user.num'], 3);
    assert.equal(o['user.names'], 'user user guest');
    // Two login records on pts/1: the name holds both values, in utmp order.
    assert.deepEqual(o['user.pts/1.login_name'], ['user', 'guest']);
    assert.equal(o['general.uptime'], 337456);
  });
  it('-s repeats with a blank line between displays; --count stops it; the first display is absolute, the next differences', async () => {
    const r = await statgrabRun(['-s', '-t', '0', '--count', '2', 'cpu.idle', 'page.in', 'mem.total'], env);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'cpu.idle = 134931750\npage.in = 5814412\nmem.total = 8232103936\n\ncpu.idle = 0\npage.in = 0\nmem.total = 8232103936\n\n');
  });
  it('-s -p: the first display gives the shares since boot (statgrab: -nan), the next those of the interval', async () => {
    const r = await statgrabRun(['-s', '-p', '-t', '0', '--count', '2', 'cpu.idle'], env);
    assert.equal(r.stdout, 'cpu.idle = 99.952900\n\ncpu.idle = 0.000000\n\n');
  });
  it('a bad option prints the usage on stdout and exits 1, as statgrab', async () => {
    for (const args of [['-x'], ['-t'], ['--bogus'], ['--count', '0']]) {
      const r = await statgrabRun(args, env);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stdout, /^Usage: statgrab \[OPTION\]\.\.\. \[STAT\]\.\.\./);
      assert.equal(r.stderr, '');
    }
  });
  it('MRTG mode refuses -s, as statgrab', async () => {
    const r = await statgrabRun(['-m', '-s', 'cpu.user', 'cpu.idle'], env);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'fatal: mrtg mode: cannot repeat display\n');
  });
  it('clusters, attached values and options after STATs parse as getopt does', async () => {
    const a = await statgrabRun(['-bf1000', '-p', 'cpu.idle'], env);
    const b = await statgrabRun(['cpu.idle', '-b', '-p', '-f', '1000'], env);
    assert.equal(a.stdout, 'cpu.idle: 99952\n');
    assert.equal(b.stdout, a.stdout);
    const c = await statgrabRun(['--', '-u'], env);
    assert.equal(c.stderr, 'Unknown stat -u\n');
  });
  it('a component that cannot be read: one line on stderr naming what to fix, its keys left out, exit 1, the others printed', async () => {
    const r = await statgrabRun(['const.', 'cpu.idle'], { ...env, HOST_PROC: '/nonexistent/proc' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, 'const.0 = 0\n');
    assert.match(r.stderr, /^statgrab: HOST_PROC=\/nonexistent\/proc: cannot read \/nonexistent\/proc\/stat: no such file or directory \(ENOENT\)\n(Unknown stat cpu\.idle\n)?$/);
    assert.doesNotMatch(r.stderr, /at .*\.js/);
  });
  it('bin/statgrab runs as a process: pipes, exit status', () => {
    const r = spawnSync(process.execPath, [STATGRAB, '-u', 'proc.total', 'user.num'], {
      env: cleanEnv({ HOST_PROC: join(caseDir('linux', 'rhel4-8cpu'), 'proc'), SYSGRAB_UTMP: join(caseDir('linux', 'rhel4-8cpu'), 'utmp') }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '8\n2\n');
  });
});
