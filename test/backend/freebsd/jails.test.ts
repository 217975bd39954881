import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getContainerMemStats, getMemPressure, getMemStats, getSwapStats, type StatOptions } from '../../../src/index.js';
import { caseDir, expectedJson, openFdCount, plain, tempDir, withEnv } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';
import { DRIVERS, type Driver, freebsdEnv, resetShimCalls, shimCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * FreeBSD jails through the real FFI path into native-shims/fakebsd/ (rctl.c,
 * jail.c), with both drivers: the snapshots test/fixtures/freebsd/jail-* cases
 * (RACCT on, off = ENOSYS, refused = EPERM, the host side by name and jid),
 * each expected/*.json worked out by hand in the case's README. The double's
 * call counts prove which calls ran.
 */

const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary();
});

const JAIL_CASES = readdirSync(join(caseDir('freebsd', '.'))).filter((n) => n.startsWith('jail-'));

/** Options pointing every FreeBSD library at the double; the snapshot comes from FAKEBSD_SNAPSHOT. */
function options(ffi: Driver, extra: StatOptions = {}): StatOptions {
  const lib = shimLibrary();
  return { platform: 'freebsd', ffi, freebsd: { libc: lib, libkvm: lib, libjail: lib }, ...extra };
}

function run<T>(fixture: string, ffi: Driver, fn: () => T, faults = ''): T {
  return withEnv({ ...freebsdEnv(fixture, ffi), FAKEBSD_FAULTS: faults }, () => {
    resetShimCalls();
    return fn();
  });
}

const calls = (...names: string[]) => Object.fromEntries(names.map((n) => [n, shimCalls(n)]));
const RCTL = ['rctl_get_racct', 'rctl_get_rules', 'rctl_get_limits', 'jail_getid', 'jail_getname', 'strlcpy'];

describe('FreeBSD jail snapshots give exactly the expected figures', { skip }, () => {
  it('has the snapshots the issue asks for', () => assert.ok(JAIL_CASES.length >= 5, JAIL_CASES.join()));
  for (const ffi of DRIVERS) {
    for (const name of JAIL_CASES) {
      for (const file of readdirSync(join(caseDir('freebsd', name), 'expected')).filter((f) => /^container(-jail-.+)?\.json$/.test(f))) {
        const jail = /^container-jail-(.+)\.json$/.exec(file)?.[1];
        const extra: StatOptions = jail === undefined ? {} : { jail: /^\d+$/.test(jail) ? Number(jail) : jail };
        it(`${ffi}: ${name}: getContainerMemStats(${JSON.stringify(extra)})`, () => {
          const got = run(name, ffi, () => getContainerMemStats(options(ffi, extra)));
          assert.deepEqual(plain(got), expectedJson('freebsd', name, file.slice(0, -'.json'.length)));
        });
      }
    }
  }
});

describe('FreeBSD: which calls ran (the double counts them)', { skip }, () => {
  for (const ffi of DRIVERS) {
    it(`${ffi}: host side by name: jail_getid checks it exists, then one rctl_get_rules and one rctl_get_racct`, () => {
      run('jail-host-racct-on', ffi, () => getContainerMemStats(options(ffi, { jail: 'web' })));
      assert.deepEqual(calls(...RCTL), { rctl_get_racct: 1, rctl_get_rules: 1, rctl_get_limits: 0, jail_getid: 1, jail_getname: 0, strlcpy: 0 });
    });
    it(`${ffi}: host side by jid: jail_getname, its string copied out once (then freed)`, () => {
      run('jail-host-racct-on', ffi, () => getContainerMemStats(options(ffi, { jail: 3 })));
      assert.deepEqual(calls(...RCTL), { rctl_get_racct: 1, rctl_get_rules: 1, rctl_get_limits: 0, jail_getid: 0, jail_getname: 1, strlcpy: 1 });
    });
    it(`${ffi}: inside a jail, RACCT on: rctl_get_limits for itself is refused (EPERM), nothing else is asked`, () => {
      run('jail-inside-racct-on', ffi, () => getContainerMemStats(options(ffi)));
      assert.deepEqual(calls(...RCTL), { rctl_get_racct: 0, rctl_get_rules: 0, rctl_get_limits: 1, jail_getid: 0, jail_getname: 0, strlcpy: 0 });
      assert.equal(shimCalls('sysctl:security.jail.jailed'), 1);
    });
    it(`${ffi}: RACCT off (ENOSYS) on the host: the jail is found, the first rctl call ends it`, () => {
      run('jail-host-racct-off', ffi, () => getContainerMemStats(options(ffi, { jail: 'web' })));
      assert.deepEqual(calls(...RCTL), { rctl_get_racct: 0, rctl_get_rules: 1, rctl_get_limits: 0, jail_getid: 1, jail_getname: 0, strlcpy: 0 });
    });
    it(`${ffi}: not jailed and no jail option: null after one sysctl, no rctl call`, () => {
      const got = run('jail-host-racct-on', ffi, () => getContainerMemStats(options(ffi)));
      assert.equal(got, null);
      assert.deepEqual(calls('rctl_get_racct', 'rctl_get_rules', 'rctl_get_limits'), { rctl_get_racct: 0, rctl_get_rules: 0, rctl_get_limits: 0 });
    });
  }
});

describe('FreeBSD: container scope and pressure', { skip }, () => {
  for (const ffi of DRIVERS) {
    it(`${ffi}: a jail RACCT describes maps onto MemStats and SwapStats`, () => {
      const o = options(ffi, { jail: 'web', scope: 'container' });
      const got = run('jail-host-racct-on', ffi, () => ({ mem: getMemStats(o), swap: getSwapStats(o) }));
      assert.deepEqual(plain(got), { mem: expectedJson('freebsd', 'jail-host-racct-on', 'mem-container-jail-web'), swap: expectedJson('freebsd', 'jail-host-racct-on', 'swap-container-jail-web') });
      const auto = run('jail-host-racct-on', ffi, () => getMemStats(options(ffi, { jail: 3, scope: 'auto' })));
      assert.deepEqual(plain(auto), expectedJson('freebsd', 'jail-host-racct-on', 'mem-container-jail-web'), 'auto: a limit applies');
    });
    it(`${ffi}: a refused jail (inside, EPERM) keeps the host's figures in container scope`, () => {
      const host = run('jail-inside-racct-on', ffi, () => ({ mem: getMemStats(options(ffi)), swap: getSwapStats(options(ffi)) }));
      const container = run('jail-inside-racct-on', ffi, () => ({ mem: getMemStats(options(ffi, { scope: 'container' })), swap: getSwapStats(options(ffi, { scope: 'container' })) }));
      assert.deepEqual(plain(container), plain(host));
    });
    it(`${ffi}: getMemPressure() is undefined: FreeBSD has no PSI`, () => {
      assert.equal(
        run('jail-host-racct-on', ffi, () => getMemPressure(options(ffi))),
        undefined,
      );
    });
  }
});

describe('FreeBSD jail faults: a StatError naming the call, nothing left open', { skip }, () => {
  const tmp = tempDir('sysgrab-jail-');
  for (const ffi of DRIVERS) {
    it(`${ffi}: no such jail, by name and by jid`, () => {
      run('jail-host-racct-on', ffi, () => {
        expectStatError(() => getContainerMemStats(options(ffi, { jail: 'mail' })), 'SYSCTL', '"mail"', 2);
        expectStatError(() => getContainerMemStats(options(ffi, { jail: 42 })), 'SYSCTL', 'jid 42', 2);
      });
      assert.equal(shimCalls('rctl_get_racct'), 0, 'no RCTL question about a jail that does not exist');
    });
    it(`${ffi}: an rctl call failing otherwise (EIO) is an error naming the call and its filter`, () => {
      const fds = openFdCount();
      run('jail-host-racct-on', ffi, () => expectStatError(() => getContainerMemStats(options(ffi, { jail: 'web' })), 'SYSCTL', 'rctl_get_racct("jail:web")', 5), 'rctl_get_racct=EIO');
      run('jail-host-racct-on', ffi, () => expectStatError(() => getContainerMemStats(options(ffi, { jail: 'web' })), 'SYSCTL', 'rctl_get_rules("jail:web")', 22), 'rctl_get_rules=EINVAL');
      assert.equal(openFdCount(), fds);
      // One bad call never breaks the next.
      assert.deepEqual(plain(run('jail-host-racct-on', ffi, () => getContainerMemStats(options(ffi, { jail: 'web' })))), expectedJson('freebsd', 'jail-host-racct-on', 'container-jail-web'));
    });
    it(`${ffi}: EPERM injected into rctl_get_racct alone: the rules stand, the usage is undefined`, () => {
      const got = run('jail-host-racct-on', ffi, () => getContainerMemStats(options(ffi, { jail: 'web' })), 'rctl_get_racct=EPERM');
      assert.deepEqual(plain(got), { kind: 'jail', path: 'web', limit: 1073741824, limitPath: 'web', available: 22881437184 });
    });
    it(`${ffi}: jail_getname failing (NULL, EIO) is an error naming the jid`, () => {
      run('jail-host-racct-on', ffi, () => expectStatError(() => getContainerMemStats(options(ffi, { jail: 3 })), 'SYSCTL', 'jid 3', 5), 'jail_getname=EIO');
    });
    it(`${ffi}: ERANGE asks again, 4× larger: an answer longer than the first 4 KiB buffer`, () => {
      const snapshot = join(tmp.dir, `long-${ffi}.sysctl`);
      const rules = Array.from({ length: 120 }, (_, i) => `rctl: jail:web:openfiles:log=${1_000_000_000_000 + i}`).join('\n');
      writeFileSync(snapshot, `${readFileSync(join(caseDir('freebsd', 'jail-host-racct-on'), 'snapshot.sysctl'), 'utf8')}${rules}\n`);
      const got = withEnv({ ...freebsdEnv(snapshot, ffi) }, () => {
        resetShimCalls();
        return getContainerMemStats(options(ffi, { jail: 'web' }));
      });
      assert.equal(shimCalls('rctl_get_rules'), 2, 'ERANGE at 4 KiB, then 16 KiB');
      assert.deepEqual(plain(got), expectedJson('freebsd', 'jail-host-racct-on', 'container-jail-web'));
    });
    it(`${ffi}: ERANGE for ever stops at the kernel's 16 MiB cap`, () => {
      run('jail-host-racct-on', ffi, () => expectStatError(() => getContainerMemStats(options(ffi, { jail: 'web' })), 'SYSCTL', 'rctl_get_rules("jail:web")'), 'rctl_get_rules=ERANGE');
      assert.equal(shimCalls('rctl_get_rules'), 7, '4 KiB, 16, 64, 256 KiB, 1, 4, 16 MiB');
    });
    it(`${ffi}: libjail missing is a LIBRARY error naming it`, () => {
      run('jail-host-racct-on', ffi, () =>
        expectStatError(
          () => getContainerMemStats({ ...options(ffi, { jail: 'web' }), freebsd: { libc: shimLibrary(), libkvm: shimLibrary(), libjail: '/nonexistent/libjail.so.1' } }),
          'LIBRARY',
          '/nonexistent/libjail.so.1',
        ),
      );
    });
  }
});
