import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memStatsFromVm } from '../../src/darwin/mem.js';
import { pressureFromLevel } from '../../src/darwin/pressure.js';
import { swapStatsFromUsage } from '../../src/darwin/swap.js';
import { getDiskIoStats, getFsStats, getFsStatsAsync, getNetworkIfaceStats, getNetworkIoStats, StatError } from '../../src/index.js';
import { memStatsFromUvmexp } from '../../src/openbsd/mem.js';
import { swapStatsFromEntries, swapStatsFromUvmexp } from '../../src/openbsd/swap.js';
import { darwinLibSystem, openbsdLibc, resolveOptions, win32Kernel32, win32Psapi } from '../../src/options.js';
import { win32Error } from '../../src/win32/abi.js';
import { memStatsFromWindows } from '../../src/win32/mem.js';
import { pageFileName, swapStatsFromPageFiles } from '../../src/win32/swap.js';
import { withEnv } from '../support/helpers.js';
import { assertValidMem, assertValidSwap } from '../support/invariants.js';

/*
 * The pure computations of the macOS, Windows and OpenBSD backends, fed
 * crafted readings: the formulas (documented on each xFromY()) on small numbers worked by hand,
 * the clamps, and properties over any input.
 */

const vm = (o: Partial<Parameters<typeof memStatsFromVm>[0]> = {}) => ({
  freeCount: 100,
  activeCount: 300,
  inactiveCount: 200,
  wireCount: 150,
  purgeableCount: 10,
  speculativeCount: 20,
  compressorPageCount: 50,
  externalPageCount: 180,
  internalPageCount: 320,
  ...o,
});

describe('macOS: memStatsFromVm', () => {
  it('the formulas on small numbers, by hand (page 4096, memsize 1000 pages)', () => {
    // free = (100 + 200) x 4096; cache = (180 + 10) x 4096; Memory Used = (320 - 10 + 150 + 50) = 510 pages.
    assert.deepEqual(memStatsFromVm(vm(), 4096, 1000 * 4096), {
      total: 4096000,
      free: 1228800,
      used: 2867200,
      cache: 778240,
      available: 490 * 4096,
      active: 1228800,
      inactive: 819200,
      wired: 614400,
      compressed: 204800,
    });
  });
  it('purgeable above anonymous pages counts 0 app memory, not a negative', () => {
    assert.equal(memStatsFromVm(vm({ internalPageCount: 5, purgeableCount: 10 }), 4096, 1000 * 4096).available, (1000 - 150 - 50) * 4096);
  });
  it('Memory Used above hw.memsize: available 0; queues above it: free capped at total', () => {
    const m = memStatsFromVm(vm({ wireCount: 5000, freeCount: 900, inactiveCount: 900 }), 4096, 1000 * 4096);
    assert.equal(m.available, 0);
    assert.equal(m.free, m.total);
    assert.equal(m.used, 0);
  });
  it('any readings give valid MemStats', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(
        fc.record({
          freeCount: u32,
          activeCount: u32,
          inactiveCount: u32,
          wireCount: u32,
          purgeableCount: u32,
          speculativeCount: u32,
          compressorPageCount: u32,
          externalPageCount: u32,
          internalPageCount: u32,
        }),
        fc.constantFrom(4096, 16384),
        fc.integer({ min: 0, max: 2 ** 45 }),
        (v, ps, memsize) => {
          assertValidMem(memStatsFromVm(v, ps, memsize));
        },
      ),
    );
  });
  it('swap: used above total is capped; no devices (dynamic swap files)', () => {
    assert.deepEqual(swapStatsFromUsage({ total: 1024, avail: 0, used: 2048 }), { total: 1024, used: 1024, free: 0 });
  });
  it('pressure: 1, 2, 4 are normal, warn, critical; anything else PARSE', () => {
    assert.deepEqual(
      [1, 2, 4].map((n) => pressureFromLevel(n).level),
      ['normal', 'warn', 'critical'],
    );
    for (const n of [0, 3, 8, 2 ** 32 - 1])
      assert.throws(
        () => pressureFromLevel(n),
        (e: unknown) => e instanceof StatError && e.code === 'PARSE',
      );
  });
});

describe('Windows: memStatsFromWindows and the page files', () => {
  const pi = { physicalTotal: 1000, physicalAvailable: 400, systemCache: 250, kernelNonpaged: 30, pageSize: 4096 };
  it('total, free = available from GlobalMemoryStatusEx; cache and wired from GetPerformanceInfo', () => {
    assert.deepEqual(memStatsFromWindows({ totalPhys: 4096000, availPhys: 1638400 }, pi), {
      total: 4096000,
      free: 1638400,
      used: 2457600,
      cache: 1024000,
      available: 1638400,
      wired: 122880,
    });
  });
  it('a system cache larger than what is available is capped at free (libstatgrab: cache is part of free)', () => {
    assert.equal(memStatsFromWindows({ totalPhys: 4096000, availPhys: 409600 }, { ...pi, systemCache: 900 }).cache, 409600);
  });
  it("page file names: the kernel's \\??\\ prefix goes, anything else stays", () => {
    assert.equal(pageFileName('\\??\\C:\\pagefile.sys'), 'C:\\pagefile.sys');
    assert.equal(pageFileName('C:\\pagefile.sys'), 'C:\\pagefile.sys');
    assert.equal(pageFileName('\\\\?\\D:\\pf.sys'), '\\\\?\\D:\\pf.sys');
  });
  it('swap is the sum of the page files; use above size is capped', () => {
    const s = swapStatsFromPageFiles(
      [
        { name: '\\??\\C:\\pagefile.sys', totalSize: 100, totalInUse: 10 },
        { name: '\\??\\D:\\pagefile.sys', totalSize: 50, totalInUse: 70 },
      ],
      4096,
    );
    assertValidSwap(s);
    assert.deepEqual(s, {
      total: 150 * 4096,
      used: 60 * 4096,
      free: 90 * 4096,
      devices: [
        { name: 'C:\\pagefile.sys', total: 409600, used: 40960 },
        { name: 'D:\\pagefile.sys', total: 204800, used: 204800 },
      ],
    });
  });
  it('a Win32 error names its code', () => {
    const e = win32Error('GetPerformanceInfo', 24, 'cannot read performance information');
    assert.equal(e.code, 'NATIVE');
    assert.equal(e.errno, 24);
    assert.equal(e.errnoName, 'ERROR_BAD_LENGTH');
    assert.equal(e.message, 'cannot read performance information: GetPerformanceInfo() failed with ERROR_BAD_LENGTH (24)');
    assert.equal(win32Error('EnumPageFilesW', 1450, 'x').errnoName, undefined);
  });
});

describe('OpenBSD: memStatsFromUvmexp and swap', () => {
  const u = { pagesize: 4096, npages: 900, free: 300, active: 200, inactive: 100, wired: 150, nswapdev: 1, swpages: 1000, swpginuse: 10 };
  it('free = free + inactive, cache = the buffer cache, available = free + cache at most total', () => {
    assert.deepEqual(memStatsFromUvmexp(u, 1024 * 4096, 50), {
      total: 4194304,
      free: 1638400,
      used: 2555904,
      cache: 204800,
      available: 1843200,
      active: 819200,
      inactive: 409600,
      wired: 614400,
    });
    assert.equal(memStatsFromUvmexp(u, 450 * 4096, 200).available, 450 * 4096, 'capped at total');
    assert.equal(memStatsFromUvmexp(u, 1024 * 4096, undefined).cache, 0, 'no bcachestat: cache 0');
  });
  it('swap: enabled rows only, 512-byte blocks; uvmexp totals where swapctl fails', () => {
    assert.deepEqual(
      swapStatsFromEntries([
        { path: '/dev/sd0b', enabled: true, nblks: 2048, inuse: 100 },
        { path: '/dev/sd1b', enabled: false, nblks: 4096, inuse: 0 },
      ]),
      { total: 1048576, used: 51200, free: 997376, devices: [{ name: '/dev/sd0b', total: 1048576, used: 51200 }] },
    );
    assert.deepEqual(swapStatsFromUvmexp(u), { total: 4096000, used: 40960, free: 4055040 });
  });
});

describe('the platform library options', () => {
  it('each option wins over its variable, which wins over the default', () => {
    withEnv({ SYSGRAB_LIBSYSTEM: undefined, SYSGRAB_KERNEL32: '/env/k32.dll', SYSGRAB_PSAPI: undefined, SYSGRAB_LIBC: '/env/libc.so.100.3' }, () => {
      assert.equal(darwinLibSystem(resolveOptions()), '/usr/lib/libSystem.B.dylib');
      assert.equal(darwinLibSystem(resolveOptions({ darwin: { libSystem: '/x.dylib' } })), '/x.dylib');
      assert.equal(win32Kernel32(resolveOptions()), '/env/k32.dll');
      assert.equal(win32Kernel32(resolveOptions({ win32: { kernel32: 'k.dll' } })), 'k.dll');
      assert.equal(win32Psapi(resolveOptions()), 'psapi.dll');
      assert.equal(openbsdLibc(resolveOptions()), '/env/libc.so.100.3');
      assert.equal(openbsdLibc(resolveOptions({ openbsd: { libc: '/y.so' } })), '/y.so');
    });
    withEnv({ SYSGRAB_LIBC: undefined }, () => assert.equal(openbsdLibc(resolveOptions()), 'libc.so'));
  });
  it("every platform sysgrab knows has a backend, Android served by Linux's", () => {
    const { platforms } = require('../../src/backend.js') as typeof import('../../src/backend.js');
    assert.deepEqual(platforms().sort(), ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'win32']);
  });
});

describe('file systems, disks and interfaces where issue 13 has no reader (macOS, Windows, OpenBSD)', () => {
  const getters = { getFsStats, getDiskIoStats, getNetworkIoStats, getNetworkIfaceStats } as const;
  for (const platform of ['darwin', 'win32', 'openbsd']) {
    for (const [name, getter] of Object.entries(getters)) {
      it(`${platform}: ${name} throws UNSUPPORTED naming the getter`, () => {
        assert.throws(
          () => getter({ platform }),
          (e: unknown) => e instanceof StatError && e.code === 'UNSUPPORTED' && e.arg === name && e.message.includes(platform),
        );
      });
    }
    it(`${platform}: getFsStatsAsync rejects with UNSUPPORTED (it never throws)`, async () => {
      await assert.rejects(getFsStatsAsync({ platform }), (e: unknown) => e instanceof StatError && e.code === 'UNSUPPORTED' && e.arg === 'getFsStatsAsync');
    });
  }
});
