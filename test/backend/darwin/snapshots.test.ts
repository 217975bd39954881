import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getMemPressure, getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, tempDir, withEnv } from '../../support/helpers.js';
import { assertValidMem, assertValidSwap, expectStatError } from '../../support/invariants.js';
import { DRIVERS, doubleCalls, platformEnv, platformSnapshot, resetDoubleCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * The real macOS code path (FFI into a library exporting mach_host_self,
 * host_statistics64, host_page_size, sysctlbyname) against
 * native-shims/fakedarwin/, which answers as XNU does and serves the
 * snapshots in test/fixtures/darwin/<case>/snapshot.darwin. ffi-rs ships
 * macOS binaries, so both drivers are checked.
 */

const names = fixtureCases('darwin', 'mem');
const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary('fakedarwin');
});

const env = (name: string, ffi: (typeof DRIVERS)[number] = 'koffi', extra: Record<string, string> = {}) => platformEnv('darwin', name, ffi, extra);
const calls = (key: string) => doubleCalls('fakedarwin', key);

/** A copy of a case's snapshot with `extra` lines appended, in a temporary directory. */
function variant(name: string, extra: string): { file: string; remove: () => void } {
  const tmp = tempDir();
  const file = join(tmp.dir, 'snapshot.darwin');
  writeFileSync(file, `${readFileSync(platformSnapshot('darwin', name), 'utf8')}${extra}\n`);
  return { file, remove: tmp.remove };
}

describe('macOS snapshots give exactly the expected stats', { skip }, () => {
  it('has snapshots to check', () => assert.ok(names.length >= 3));
  for (const ffi of DRIVERS) {
    for (const name of names) {
      it(`${name} through ${ffi}`, () => {
        const got = withEnv(env(name, ffi), () => ({ mem: getMemStats(), swap: getSwapStats(), pressure: getMemPressure() }));
        assertValidMem(got.mem);
        assertValidSwap(got.swap);
        assert.deepEqual(plain(got), {
          mem: expectedJson('darwin', name, 'mem'),
          swap: expectedJson('darwin', name, 'swap'),
          pressure: expectedJson('darwin', name, 'pressure'),
        });
        assert.equal(got.swap.devices, undefined, 'macOS swap files are dynamic: no devices');
      });
    }
  }
  it('the darwin options group wins over SYSGRAB_LIBSYSTEM', () => {
    const e = env('intel-32g-ci');
    const got = withEnv({ ...e, SYSGRAB_LIBSYSTEM: '/nonexistent/libSystem.B.dylib', SYSGRAB_PLATFORM: 'plan9' }, () =>
      getMemStats({ platform: 'darwin', darwin: { libSystem: e.SYSGRAB_LIBSYSTEM! } }),
    );
    assert.equal(got.total, 34359738368);
  });
});

describe('freecolor prints exactly the expected outputs for macOS snapshots', { skip }, () => {
  for (const ffi of DRIVERS) {
    for (const name of names) {
      for (const { file, args } of expectedOutputs('darwin', name, 'freecolor')) {
        it(`${name} through ${ffi}: freecolor ${args.join(' ')}`, () => {
          assert.equal(
            withEnv(env(name, ffi), () => freecolorText(args)),
            readFileSync(file, 'utf8'),
          );
        });
      }
    }
  }
  it('bin/freecolor with SYSGRAB_PLATFORM=darwin prints the same (end to end)', () => {
    const name = 'm2pro-16g-pressure';
    for (const { file, args } of expectedOutputs('darwin', name, 'freecolor')) {
      const r = freecolor(args, env(name));
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, readFileSync(file, 'utf8'), args.join(' '));
    }
  });
  it('freecolor -a lists the compressed memory', () => {
    const r = freecolor(['-a', '--color=never'], env('apple-24g-compressed-swap'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /│ compressed +│ +8787072 │/);
  });
});

describe('the Mach calls: counts and the kernel count', { skip }, () => {
  it("asks for the host port once, and never passes a count above the kernel's (macOS 26 logs that)", () => {
    withEnv(env('intel-32g-ci'), () => {
      getMemStats(); // the port may have been asked for by an earlier test: start counting after
      resetDoubleCalls('fakedarwin');
      for (let i = 0; i < 50; i++) getMemStats();
      assert.equal(calls('mach_host_self'), 0, 'the port is kept');
      assert.equal(calls('host_statistics64'), 50);
      assert.equal(calls('host_statistics64:count_above_kernel'), 0);
      assert.equal(calls('host_page_size'), 50);
      assert.equal(calls('sysctlbyname:hw.memsize'), 50);
    });
  });
  it('a kernel whose struct grew (MIG_ARRAY_TOO_LARGE with count 40): asked again once with 40, then 40 from the start', () => {
    const v = variant('m2pro-16g-pressure', 'host_vm_info64_count: 40');
    try {
      for (const ffi of DRIVERS) {
        withEnv(env(v.file, ffi), () => {
          resetDoubleCalls('fakedarwin');
          assert.deepEqual(plain(getMemStats()), expectedJson('darwin', 'm2pro-16g-pressure', 'mem'));
          assert.equal(calls('host_statistics64'), 2, "MIG_ARRAY_TOO_LARGE, then the call with the kernel's count");
          resetDoubleCalls('fakedarwin');
          getMemStats();
          assert.equal(calls('host_statistics64'), 1, 'the larger count is kept');
          assert.equal(calls('host_statistics64:count_above_kernel'), 0);
        });
      }
    } finally {
      v.remove();
    }
  });
});

describe('macOS answers that must be refused', { skip }, () => {
  it('a pressure level the kernel does not define: PARSE naming the sysctl', () => {
    const v = variant('intel-32g-ci', 'kern.memorystatus_vm_pressure_level: 3');
    try {
      withEnv(env(v.file), () => expectStatError(() => getMemPressure(), 'PARSE', 'kern.memorystatus_vm_pressure_level'));
    } finally {
      v.remove();
    }
  });
  it('an impossible page size: NATIVE naming host_page_size', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'p.darwin');
      const text = readFileSync(platformSnapshot('darwin', 'intel-32g-ci'), 'utf8').replace('page size of 4096 bytes', 'page size of 1000 bytes');
      writeFileSync(file, text);
      withEnv(env(file), () => expectStatError(() => getMemStats(), 'NATIVE', 'host_page_size'));
    } finally {
      tmp.remove();
    }
  });
  it('getMemPressure where the kernel has no pressure signal: undefined, not an error', () => {
    for (const platform of ['freebsd', 'win32', 'openbsd'] as const) assert.equal(getMemPressure({ platform }), undefined, platform);
  });
});
