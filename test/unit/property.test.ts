import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { getMemStats, getSwapStats } from '../../src/index.js';
import { decodeKvmSwap, decodeXswdev, KVM_SWAP } from '../../src/freebsd/abi.js';
import { memStatsFromVm } from '../../src/freebsd/mem.js';
import { swapStatsFromPages } from '../../src/freebsd/swap.js';
import { MEM_KEYS, MEMINFO_KEYS, meminfoTable, memStatsFromMeminfo, parseMeminfo, SWAP_KEYS, swapStatsFromMeminfo } from '../../src/linux/meminfo.js';
import { parseSwaps } from '../../src/linux/swaps.js';
import { Table } from '../../src/linux/table.js';
import { tempDir } from '../support/helpers.js';
import { assertValidMem, assertValidSwap, statsOrStatError } from '../support/invariants.js';
import { freebsdEnv, shimLibrary, shimUnavailable } from '../support/shim.js';

/*
 * Property-based fuzzing: whatever /proc or the kernel hands over, sysgrab
 * returns stats within bounds (integers, no NaN, 0 <= used, free, available
 * <= total) or throws a StatError with a known code. FUZZ_RUNS (default
 * 10,000) sets the cases per property; a failing seed is printed by
 * fast-check and belongs in `examples` below as a regression.
 */

const RUNS = Number(process.env.FUZZ_RUNS) || 10_000;
const tmp = tempDir('sysgrab-fuzz-');
after(tmp.remove);

const KEYS = [
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'SwapCached',
  'Active',
  'Inactive',
  'Active(anon)',
  'Inactive(file)',
  'Shmem',
  'SReclaimable',
  'SwapTotal',
  'SwapFree',
  'HugePages_Total',
  'Hugepagesize',
  'DirectMap4k',
];

/** A value as it might appear: sane, huge (to 2^63), negative, garbage, unit-less, with NUL bytes. */
const value = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 64 * 1024 * 1024 }).map((n) => `${n} kB`) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 63n }).map((n) => `${n} kB`) },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: -1 }).map((n) => `${n} kB`) },
  { weight: 1, arbitrary: fc.nat().map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'kB', '12 MB', '1e3 kB', '0x10 kB', '12\0 kB', '７ kB', '1.5 kB', '  42   kB  ') },
);
const separator = fc.constantFrom(':', ':\t', ': ', ':        ', '\t:', ' : ');
const line = fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 16 }) }), separator, value).map(([k, sep, v]) => `${k}${sep}${v}`);
const newline = fc.constantFrom('\n', '\r\n', '\n\n');

/** meminfo-like texts: reordered, duplicated, truncated mid-line, CRLF, tabs, NULs, random bytes. */
const meminfoText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(fc.array(line, { maxLength: 40 }), newline, fc.option(fc.nat({ max: 2000 }))).map(([lines, nl, cut]) => {
      const text = lines.join(nl) + nl;
      return cut === null ? text : text.slice(0, cut);
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b).toString('latin1')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2048 }) },
);

function checkMeminfo(text: string): void {
  for (const wanted of [MEM_KEYS, SWAP_KEYS, meminfoTable.all]) {
    statsOrStatError(() => memStatsFromMeminfo(parseMeminfo(text, 'fuzz', wanted), 'fuzz'), assertValidMem);
    statsOrStatError(() => swapStatsFromMeminfo(parseMeminfo(text, 'fuzz', wanted), 'fuzz', []), assertValidSwap);
  }
}

/** meminfo texts as a kernel prints them: each key once, in any order, with varying widths. */
const wellFormed = fc
  .tuple(
    fc.shuffledSubarray([...MEMINFO_KEYS, 'SwapCached', 'Active(anon)', 'Hugepagesize'], { minLength: 0 }),
    fc.array(fc.nat({ max: 2 ** 40 }), { minLength: 14, maxLength: 14 }),
    fc.array(fc.nat({ max: 12 }), { minLength: 14, maxLength: 14 }),
  )
  .map(([keys, values, pads]) => keys.map((k, i) => `${k}:${' '.repeat(pads[i]! + 1)}${values[i]} kB\n`).join(''));

describe(`property: Linux parsing (${RUNS} cases per property)`, () => {
  it('a Table that remembers where keys were gives what a fresh one gives, read after read', () => {
    const kept = new Table(MEMINFO_KEYS, { separator: ':', unit: 'kB' });
    fc.assert(
      fc.property(fc.array(wellFormed, { minLength: 1, maxLength: 6 }), fc.constantFrom(MEM_KEYS, SWAP_KEYS, meminfoTable.all), (texts, wanted) => {
        for (const text of texts) {
          const b = Buffer.from(text, 'latin1');
          const fresh = new Table(MEMINFO_KEYS, { separator: ':', unit: 'kB' });
          assert.deepEqual([...kept.read(b, b.length, 'p', wanted)], [...fresh.read(b, b.length, 'p', wanted)]);
        }
      }),
      { numRuns: RUNS / 5 },
    );
  });
  it('any meminfo text gives valid MemStats/SwapStats or a StatError', () => {
    fc.assert(fc.property(meminfoText, checkMeminfo), {
      numRuns: RUNS,
      // Regressions: inputs that once broke an invariant stay checked here.
      examples: [['MemTotal: 10 kB\nMemFree: 20 kB\nCached: 5 kB\n'], ['MemTotal: 9007199254740991 kB\nMemFree: 1 kB\nCached: 1 kB\n']],
    });
  });
  it('a valid meminfo, shuffled and with junk lines added, gives the same stats', () => {
    const base = [
      'MemTotal: 2000 kB',
      'MemFree: 300 kB',
      'MemAvailable: 900 kB',
      'Buffers: 10 kB',
      'Cached: 400 kB',
      'Shmem: 5 kB',
      'Active: 50 kB',
      'Inactive: 60 kB',
      'SReclaimable: 7 kB',
      'SwapTotal: 100 kB',
      'SwapFree: 40 kB',
    ];
    const reference = memStatsFromMeminfo(parseMeminfo(`${base.join('\n')}\n`, 'r'), 'r');
    fc.assert(
      fc.property(
        fc.shuffledSubarray(base, { minLength: base.length }),
        fc.array(fc.constantFrom('HugePages_Total:     4', 'Weird line', 'Active(anon): x', ': 12 kB', 'DirectMap2M: 1 kB'), { maxLength: 10 }),
        newline,
        (lines, junk, nl) => {
          assert.deepEqual(memStatsFromMeminfo(parseMeminfo([...lines, ...junk].join(nl) + nl, 'r'), 'r'), reference);
        },
      ),
      { numRuns: RUNS },
    );
  });
  it('any /proc/swaps text gives valid devices or a StatError', () => {
    const swapLine = fc
      .tuple(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('partition', 'file', ''),
        fc.oneof(fc.nat().map(String), fc.string({ maxLength: 5 }), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String)),
        fc.oneof(fc.nat().map(String), fc.string({ maxLength: 5 })),
      )
      .map((f) => f.join('\t'));
    fc.assert(
      fc.property(fc.array(swapLine, { maxLength: 10 }), (lines) => {
        statsOrStatError(
          () => parseSwaps(`Filename\tType\tSize\tUsed\tPriority\n${lines.join('\n')}\n`, 'fuzz'),
          (devices) => assertValidSwap({ total: 0, used: 0, free: 0, devices }),
        );
      }),
      { numRuns: RUNS },
    );
  });
  it('1 MB of garbage gives a StatError, quickly', () => {
    const garbage = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    const colons = Buffer.alloc(1024 * 1024, ':');
    const noNewlines = Buffer.alloc(1024 * 1024, 'M');
    for (const b of [garbage, colons, noNewlines]) {
      const r = statsOrStatError(() => memStatsFromMeminfo(parseMeminfo(b.toString('latin1'), 'fuzz', MEM_KEYS), 'fuzz'), assertValidMem);
      assert.notEqual(r, 'ok');
    }
  });
  it('through the file system: getMemStats/getSwapStats on fuzzed files (procRoot)', () => {
    let n = 0;
    fc.assert(
      fc.property(meminfoText, fc.option(fc.string({ unit: 'binary', maxLength: 300 })), (meminfo, swaps) => {
        const root = join(tmp.dir, `p${n++ % 4}`);
        mkdirSync(root, { recursive: true });
        writeFileSync(join(root, 'meminfo'), meminfo, 'latin1');
        if (swaps === null) rmSync(join(root, 'swaps'), { force: true });
        else writeFileSync(join(root, 'swaps'), swaps, 'latin1');
        statsOrStatError(() => getMemStats({ platform: 'linux', procRoot: root }), assertValidMem);
        statsOrStatError(() => getSwapStats({ platform: 'linux', procRoot: root }), assertValidSwap);
      }),
      { numRuns: Math.max(1000, RUNS / 5) },
    );
  });
});

const u32 = fc.nat({ max: 0xffffffff });
const pageSize = fc.constantFrom(4096, 8192, 16384, 65536);
const arc = fc.option(fc.record({ size: fc.maxSafeNat(), min: fc.maxSafeNat(), max: fc.maxSafeNat() }));

describe(`property: FreeBSD computations (${RUNS} cases per property)`, () => {
  it('any page counts (zero total, free > total, u32 wrap, 16 KiB pages) give valid MemStats', () => {
    fc.assert(
      fc.property(
        pageSize,
        u32,
        u32,
        u32,
        fc.option(u32),
        fc.option(u32),
        fc.option(u32),
        fc.option(u32),
        arc,
        (ps, pageCount, freeCount, inactiveCount, activeCount, wireCount, cacheCount, laundryCount, arcStats) => {
          assertValidMem(
            memStatsFromVm({
              pageSize: ps,
              pageCount,
              freeCount,
              inactiveCount,
              activeCount: activeCount ?? undefined,
              wireCount: wireCount ?? undefined,
              cacheCount: cacheCount ?? undefined,
              laundryCount: laundryCount ?? undefined,
              arc: arcStats ?? undefined,
            }),
          );
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          [16384, 0, 5, 5, null, null, null, null, null],
          [4096, 10, 0xffffffff, 0xffffffff, 1, 1, 0xffffffff, 0, { size: 10, min: 20, max: 5 }],
        ],
      },
    );
  });
  it('any swap pages give valid SwapStats', () => {
    const dev = fc.record({ name: fc.string({ maxLength: 31 }), totalPages: u32, usedPages: u32 });
    fc.assert(
      fc.property(pageSize, fc.array(dev, { maxLength: 8 }), u32, u32, (ps, devices, totalPages, usedPages) => {
        assertValidSwap(swapStatsFromPages(devices, { totalPages, usedPages }, ps));
      }),
      { numRuns: RUNS },
    );
  });
  it('any bytes decode as kvm_swap rows and xswdev structs without throwing, within u32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: KVM_SWAP.size * 2, maxLength: KVM_SWAP.size * 2 }), fc.constantFrom(20, 32, 0, 8, 31, 33), (bytes, len) => {
        const buf = Buffer.from(bytes);
        const row = decodeKvmSwap(buf, 1);
        assert.ok(row.usedPages >= 0 && row.usedPages <= 0xffffffff && row.totalPages >= 0 && typeof row.devname === 'string');
        const x = decodeXswdev(Buffer.concat([buf, Buffer.alloc(32)]), len);
        if (x) assert.ok((len === 20 || len === 32) && x.nblksPages >= 0 && x.usedPages >= 0);
      }),
      { numRuns: RUNS },
    );
  });
  it('through the shim and koffi: any sysctl snapshot gives valid stats or a StatError', { skip: shimUnavailable() ?? false }, () => {
    shimLibrary();
    const names = [
      'hw.pagesize',
      'vm.stats.vm.v_page_size',
      'vm.stats.vm.v_page_count',
      'vm.stats.vm.v_free_count',
      'vm.stats.vm.v_inactive_count',
      'vm.stats.vm.v_active_count',
      'vm.stats.vm.v_wire_count',
      'vm.stats.vm.v_cache_count',
      'vm.stats.vm.v_laundry_count',
      'kstat.zfs.misc.arcstats.size',
      'kstat.zfs.misc.arcstats.c_min',
      'kstat.zfs.misc.arcstats.c_max',
    ];
    const entry = fc.tuple(fc.constantFrom(...names), fc.oneof(u32, fc.constantFrom(0, 4096, 16384), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })));
    const swapdev = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), u32, u32).map(([n, t, u]) => `swapdev: ${n} ${t} ${u}`);
    let n = 0;
    const env = freebsdEnv('13-laptop-zfs-16g');
    const opts = { platform: 'freebsd', freebsd: { libc: env.SYSGRAB_LIBC, libkvm: env.SYSGRAB_LIBKVM }, ffi: 'koffi' as const };
    const saved = process.env.FAKEBSD_SNAPSHOT;
    try {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 14 }), fc.array(swapdev, { maxLength: 4 }), (entries, devs) => {
          // A new path each time: the shim reloads when the path changes.
          const file = join(tmp.dir, `s${n++}.sysctl`);
          writeFileSync(file, [...entries.map(([k, v]) => `${k}: ${v}`), ...devs].join('\n'));
          process.env.FAKEBSD_SNAPSHOT = file;
          statsOrStatError(() => getMemStats(opts), assertValidMem);
          statsOrStatError(() => getSwapStats(opts), assertValidSwap);
          rmSync(file);
        }),
        {
          numRuns: RUNS,
          // Regression: a 86 MB page size made byte figures inexact (found by this property).
          examples: [[[['hw.pagesize', 86186492]], ['swapdev: 0 1972613093 282003524']]],
        },
      );
    } finally {
      if (saved === undefined) delete process.env.FAKEBSD_SNAPSHOT;
      else process.env.FAKEBSD_SNAPSHOT = saved;
    }
  });
});
