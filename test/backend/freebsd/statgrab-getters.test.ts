import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getCpuStats, getHostInfo, getLoadStats, getPageStats, getProcessCount, getProcessStats, getUserStats } from '../../../src/index.js';
import { expectedJson, fixtureCases, tempDir, withEnv } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';
import { DRIVERS, freebsdEnv, resetShimCalls, shimCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';
import { closeTo, writeUtxActive } from '../../support/statgrab.js';

/*
 * The FreeBSD getters of issue 12 through the ABI double (a shared library
 * exporting FreeBSD's sysctl family, loaded by koffi and by ffi-rs), on every
 * snapshot with expected/cpu.json: the values each case's README computes by
 * hand. The double's call counts show which sysctls each getter used.
 */

const names = fixtureCases('freebsd', 'cpu');
const skip = shimUnavailable() ?? false;
const dir = tempDir('sysgrab-freebsd-');
before(() => {
  if (!skip) shimLibrary();
});
after(() => dir.remove());

function env(name: string, ffi: 'koffi' | 'ffi-rs' = 'koffi', extra: Record<string, string> = {}): Record<string, string> {
  const e = freebsdEnv(name, ffi, extra);
  const utx = join(dir.dir, `${name}.utx`);
  writeUtxActive(e.FAKEBSD_SNAPSHOT!, utx);
  return { ...e, SYSGRAB_UTMP: utx };
}

describe('FreeBSD getters on every snapshot give the hand-computed values', { skip }, () => {
  it('has the four snapshots', () => assert.ok(names.length >= 4));
  for (const ffi of DRIVERS) {
    for (const name of names) {
      it(`${name} through ${ffi}`, () =>
        withEnv(env(name, ffi), () => {
          closeTo({ ...getHostInfo(), uptime: undefined }, expectedJson('freebsd', name, 'host'), 'host');
          closeTo({ ...getCpuStats(), systime: undefined }, expectedJson('freebsd', name, 'cpu'), 'cpu');
          closeTo(getLoadStats(), expectedJson('freebsd', name, 'load'), 'load');
          closeTo({ ...getPageStats(), systime: undefined }, expectedJson('freebsd', name, 'page'), 'page');
          resetShimCalls();
          closeTo(getProcessStats(), expectedJson('freebsd', name, 'process'), 'process');
          const listed = (expectedJson('freebsd', name, 'process') as { pid: number }[]).filter((p) => p.pid !== 0).length;
          assert.equal(shimCalls('sysctl:kern.proc.args'), listed, 'one kern.proc.args per process but the kernel');
          resetShimCalls();
          assert.deepEqual(getProcessCount(), expectedJson('freebsd', name, 'process-count'));
          assert.equal(shimCalls('sysctl:kern.proc.proc'), 1);
          assert.equal(shimCalls('sysctl:kern.proc.args'), 0, 'counting needs no titles');
          assert.deepEqual(getUserStats(), expectedJson('freebsd', name, 'user'));
        }));
    }
  }
  it('uptime is now minus kern.boottime', () =>
    withEnv(env('14-firewall-swap-full'), () => {
      const t0 = Math.floor(Date.now() / 1000);
      const up = getHostInfo().uptime;
      assert.ok(up >= t0 - 1703000000 && up <= Math.floor(Date.now() / 1000) - 1703000000);
    }));
});

describe('FreeBSD getters under faults', { skip }, () => {
  const name = '13-laptop-zfs-16g';
  it('args it may not read (EPERM) or of a process gone (ESRCH): the process stays, titled [comm]', () => {
    for (const fault of ['EPERM', 'ESRCH']) {
      const procs = withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: `kern.proc.args=${fault}` }), () => getProcessStats());
      assert.equal(procs.length, 11);
      assert.ok(procs.every((p) => p.proctitle === `[${p.processName}]`));
    }
  });
  it('kern.proc.proc failing is a SYSCTL error with its errno, and the next call works', () => {
    const e = expectStatError(() => withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: 'kern.proc.proc=EIO' }), () => getProcessCount()), 'SYSCTL', 'kern.proc.proc', 5);
    assert.match(e.message, /cannot read sysctl kern\.proc\.proc: .*EIO/);
    assert.equal(withEnv(env(name), () => getProcessCount()).total, 11);
  });
  it('a kinfo_proc of another size (another ABI) is refused before anything is decoded', () => {
    const snapshot = join(dir.dir, 'abi.sysctl');
    writeFileSync(snapshot, `${readFileSync(env(name).FAKEBSD_SNAPSHOT!, 'utf8')}kinfo_proc: pid=4242 stat=3 comm=odd structsize=1096\n`);
    const e = expectStatError(() => withEnv({ ...env(name), FAKEBSD_SNAPSHOT: snapshot }, () => getProcessStats()), 'SYSCTL', 'kern.proc.proc');
    assert.match(e.message, /ki_structsize 1096, not 1088/);
  });
  it('absent sysctls are SYSCTL errors naming them (ENOENT); a failing load read names vm.loadavg', () => {
    expectStatError(() => withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: 'kern.cp_time=ENOENT' }), () => getCpuStats()), 'SYSCTL', 'kern.cp_time', 2);
    expectStatError(() => withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: 'vm.loadavg=EACCES' }), () => getLoadStats()), 'SYSCTL', 'vm.loadavg', 13);
    expectStatError(() => withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: 'vm.stats.vm.v_swappgsin=ENOENT' }), () => getPageStats()), 'SYSCTL', 'vm.stats.vm.v_swappgsin', 2);
    expectStatError(() => withEnv(env(name, 'koffi', { FAKEBSD_FAULTS: 'kern.boottime=ENOENT' }), () => getHostInfo()), 'SYSCTL', 'kern.boottime', 2);
  });
  it('a broken utx.active (not whole records) is a PARSE error naming it', () => {
    const utx = join(dir.dir, 'broken.utx');
    writeFileSync(utx, Buffer.alloc(200));
    expectStatError(() => withEnv({ ...env(name), SYSGRAB_UTMP: utx }, () => getUserStats()), 'PARSE', utx);
  });
});
