import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, tempDir, withEnv } from '../../support/helpers.js';
import { assertValidMem, assertValidSwap, expectStatError } from '../../support/invariants.js';
import { DRIVERS, doubleCalls, platformEnv, platformSnapshot, resetDoubleCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * The real OpenBSD code path (sysctl by MIB and swapctl from libc; there is
 * no sysctlbyname, and the double exports none) against
 * native-shims/fakeopenbsd/, which answers as OpenBSD's sysctl_rdstruct and
 * sys_swapctl do and serves test/fixtures/openbsd/<case>/snapshot.openbsd.
 * ffi-rs ships no OpenBSD binaries; it runs here against the Linux double.
 */

const names = fixtureCases('openbsd', 'mem');
const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary('fakeopenbsd');
});

const env = (name: string, ffi: (typeof DRIVERS)[number] = 'koffi', extra: Record<string, string> = {}) => platformEnv('openbsd', name, ffi, extra);
const calls = (key: string) => doubleCalls('fakeopenbsd', key);

/** A copy of a case's snapshot with `extra` lines appended (or a text of its own). */
function variant(name: string | undefined, extra: string): { file: string; remove: () => void } {
  const tmp = tempDir();
  const file = join(tmp.dir, 'snapshot.openbsd');
  writeFileSync(file, `${name ? readFileSync(platformSnapshot('openbsd', name), 'utf8') : ''}${extra}\n`);
  return { file, remove: tmp.remove };
}

describe('OpenBSD snapshots give exactly the expected stats', { skip }, () => {
  it('has snapshots to check', () => assert.ok(names.length >= 3));
  for (const ffi of DRIVERS) {
    for (const name of names) {
      it(`${name} through ${ffi}`, () => {
        const got = withEnv(env(name, ffi), () => {
          resetDoubleCalls('fakeopenbsd');
          return { mem: getMemStats(), swap: getSwapStats() };
        });
        assertValidMem(got.mem);
        assertValidSwap(got.swap);
        assert.deepEqual(plain(got), { mem: expectedJson('openbsd', name, 'mem'), swap: expectedJson('openbsd', name, 'swap') });
        // By MIB only, swap from swapctl, the uvmexp totals not needed.
        assert.equal(calls('sysctl:vm.uvmexp'), 1);
        assert.equal(calls('sysctl:hw.physmem64'), 1);
        assert.equal(calls('sysctl:vfs.generic.bcachestat'), 1);
        assert.equal(calls('swapctl:SWAP_NSWAP'), 1);
        assert.equal(calls('swapctl:SWAP_STATS'), got.swap.devices?.length ? 1 : 0);
      });
    }
  }
  it('the openbsd options group wins over SYSGRAB_LIBC', () => {
    const e = env('apu4-firewall-4g-noswap');
    const lib = e.SYSGRAB_LIBC!;
    assert.equal(withEnv({ ...e, SYSGRAB_LIBC: '/nonexistent/libc.so' }, () => getMemStats({ openbsd: { libc: lib } })).total, 4275698688);
  });
});

describe('freecolor prints exactly the expected outputs for OpenBSD snapshots', { skip }, () => {
  for (const ffi of DRIVERS) {
    for (const name of names) {
      for (const { file, args } of expectedOutputs('openbsd', name, 'freecolor')) {
        it(`${name} through ${ffi}: freecolor ${args.join(' ')}`, () => {
          assert.equal(
            withEnv(env(name, ffi), () => freecolorText(args)),
            readFileSync(file, 'utf8'),
          );
        });
      }
    }
  }
  it('bin/freecolor with SYSGRAB_PLATFORM=openbsd prints the same (end to end)', () => {
    const name = 'rpi4-arm64-4g-swap';
    for (const { file, args } of expectedOutputs('openbsd', name, 'freecolor')) {
      const r = freecolor(args, env(name));
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, readFileSync(file, 'utf8'), args.join(' '));
    }
  });
});

describe('OpenBSD: what varies between hosts and releases', { skip }, () => {
  it('a device that is configured but not enabled is not counted', () => {
    const v = variant('rpi4-arm64-4g-swap', 'swapent: /dev/sd1b 2097152 0 0 0');
    try {
      withEnv(env(v.file), () => {
        resetDoubleCalls('fakeopenbsd');
        assert.deepEqual(plain(getSwapStats()), expectedJson('openbsd', 'rpi4-arm64-4g-swap', 'swap'));
        assert.equal(calls('swapctl:SWAP_STATS'), 1, 'both rows were read');
      });
    } finally {
      v.remove();
    }
  });
  it('a kernel without vfs.generic.bcachestat (EOPNOTSUPP): cache 0, the rest unchanged', () => {
    const expected = expectedJson<Record<string, number>>('openbsd', 'apu4-firewall-4g-noswap', 'mem');
    const mem = withEnv(env('apu4-firewall-4g-noswap', 'koffi', { FAKEOPENBSD_FAULTS: 'vfs.generic.bcachestat=EOPNOTSUPP' }), () => getMemStats());
    assert.equal(mem.cache, 0);
    assert.equal(mem.available, expected.free);
    assert.equal(mem.total, expected.total);
  });
  for (const [size, works] of [
    [400, true],
    [112, true],
    [108, false],
  ] as const) {
    it(`a struct uvmexp of ${size} bytes ${works ? 'is read' : 'is refused: SYSCTL naming vm.uvmexp'}`, () => {
      const v = variant('vm-256m-swap-in-use', `uvmexp_size: ${size}`);
      try {
        withEnv(env(v.file), () => {
          if (works) assert.deepEqual(plain(getMemStats()), expectedJson('openbsd', 'vm-256m-swap-in-use', 'mem'));
          else expectStatError(() => getMemStats(), 'SYSCTL', 'vm.uvmexp');
        });
      } finally {
        v.remove();
      }
    });
  }
  it('an older struct bcachestats (13 fields, 104 bytes) still gives numbufpages', () => {
    const v = variant('vm-256m-swap-in-use', 'bcachestats_size: 104');
    try {
      assert.equal(
        withEnv(env(v.file), () => getMemStats().cache),
        2917 * 4096,
      );
    } finally {
      v.remove();
    }
  });
  it('more devices than fit in one page of swapent are all read', () => {
    const lines = ['4096 bytes per page', '1000 pages managed', '100 pages free', '100 pages inactive', 'hw.physmem=4096000', 'bcachestats.numbufpages: 10'];
    for (let i = 0; i < 12; i++) lines.push(`/dev/vnd${i}b ${8 * (i + 1)} ${i} 0 0% 0`);
    const v = variant(undefined, lines.join('\n'));
    try {
      const swap = withEnv(env(v.file), () => getSwapStats());
      assert.equal(swap.devices?.length, 12);
      assert.equal(swap.devices?.[11]?.name, '/dev/vnd11b');
      assert.equal(swap.total, 8 * 78 * 512);
    } finally {
      v.remove();
    }
  });
});
