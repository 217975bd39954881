import { StatError } from '../errors.js';
import type { MemStats } from '../types/mem.js';
import type { Meminfo } from '../types/meminfo.js';
import type { SwapDevice, SwapStats } from '../types/swap.js';
import { readEveryKey, Table } from './table.js';

/*
 * /proc/meminfo → MemStats and swap totals. memStatsFromMeminfo() and
 * swapStatsFromMeminfo() are pure functions of the values the table reader
 * returns (KiB), so tests can feed them crafted text.
 */

/** The meminfo keys sysgrab uses, each a slot of the values. */
export const MEMINFO_KEYS = ['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'Shmem', 'Active', 'Inactive', 'SReclaimable', 'SwapTotal', 'SwapFree'] as const;

export type MeminfoKey = (typeof MEMINFO_KEYS)[number];

export const meminfoTable = new Table(MEMINFO_KEYS, { separator: ':', unit: 'kB' });

const S = {
  MemTotal: 0,
  MemFree: 1,
  MemAvailable: 2,
  Buffers: 3,
  Cached: 4,
  Shmem: 5,
  Active: 6,
  Inactive: 7,
  SReclaimable: 8,
  SwapTotal: 9,
  SwapFree: 10,
} as const satisfies Record<MeminfoKey, number>;

/** The keys MemStats reads. */
export const MEM_KEYS = meminfoTable.set(['MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'Shmem', 'Active', 'Inactive']);
/**
 * What the estimate of available needs besides, on kernels without
 * MemAvailable (before 3.14): read only there, so that modern kernels pay
 * for one key less on every call.
 */
export const ESTIMATE_KEYS = meminfoTable.set(['SReclaimable']);

/** Whether `values` need ESTIMATE_KEYS too (MemAvailable is absent). */
export function needsEstimate(values: MeminfoValues): boolean {
  return values[S.MemAvailable]! < 0;
}
/** The keys SwapStats reads. */
export const SWAP_KEYS = meminfoTable.set(['SwapTotal', 'SwapFree']);

/** Largest KiB figure whose byte count is still an exact JavaScript integer. */
export const MAX_KIB = Math.floor(Number.MAX_SAFE_INTEGER / 1024);

/** Values in KiB by slot (MEMINFO_KEYS order), -1 for keys not read. */
export type MeminfoValues = Float64Array;

function kib(values: MeminfoValues, slot: number, path: string, required: boolean): number {
  const v = values[slot]!;
  const key = MEMINFO_KEYS[slot]!;
  if (v < 0) {
    if (required) throw new StatError('PARSE', key, `cannot parse ${path}: ${key} is missing`);
    return -1;
  }
  if (v > MAX_KIB) throw new StatError('PARSE', key, `cannot parse ${path}: the value of ${key} is out of range`);
  return v;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : Math.min(v, hi));

/**
 * MemStats from meminfo values (KiB), with libstatgrab's meanings:
 * free = MemFree + Cached, used = total - free. Clamps keep every figure in
 * [0, total] even for impossible input (libstatgrab would wrap or overflow).
 * @throws StatError `PARSE` when MemTotal, MemFree or Cached is missing.
 */
export function memStatsFromMeminfo(values: MeminfoValues, path: string): MemStats {
  const totalKib = kib(values, S.MemTotal, path, true);
  const memFreeKib = kib(values, S.MemFree, path, true);
  const cachedKib = kib(values, S.Cached, path, true);
  const total = totalKib * 1024;
  const free = Math.min(memFreeKib + cachedKib, totalKib) * 1024;

  let availableKib = kib(values, S.MemAvailable, path, false);
  if (availableKib < 0) {
    // Kernels before 3.14 lack MemAvailable: estimate it the way free(1)
    // from procps did then. Absent optional keys count as 0.
    const k = (slot: number) => Math.max(0, kib(values, slot, path, false));
    availableKib = memFreeKib + k(S.Buffers) + cachedKib + k(S.SReclaimable) - k(S.Shmem);
  }
  return {
    total,
    free,
    used: total - free,
    cache: Math.min(cachedKib * 1024, free),
    available: clamp(availableKib, 0, totalKib) * 1024,
    buffers: optionalBytes(values, S.Buffers, path),
    shared: optionalBytes(values, S.Shmem, path),
    active: optionalBytes(values, S.Active, path),
    inactive: optionalBytes(values, S.Inactive, path),
  };
}

function optionalBytes(values: MeminfoValues, slot: number, path: string): number | undefined {
  const v = kib(values, slot, path, false);
  return v < 0 ? undefined : v * 1024;
}

/**
 * Swap totals from meminfo values (KiB); devices come from /proc/swaps.
 * @throws StatError `PARSE` when SwapTotal or SwapFree is missing.
 */
export function swapStatsFromMeminfo(values: MeminfoValues, path: string, devices: SwapDevice[] | undefined): SwapStats {
  const totalKib = kib(values, S.SwapTotal, path, true);
  const freeKib = Math.min(kib(values, S.SwapFree, path, true), totalKib);
  return { total: totalKib * 1024, used: (totalKib - freeKib) * 1024, free: freeKib * 1024, devices };
}

/** Convenience for tests and one-off use: meminfo text → the values of `wanted`. */
export function parseMeminfo(text: string, path = 'meminfo', wanted = meminfoTable.all): MeminfoValues {
  const bytes = Buffer.from(text, 'latin1');
  return new Table(MEMINFO_KEYS, { separator: ':', unit: 'kB' }).read(bytes, bytes.length, path, wanted);
}

/**
 * Every key of a meminfo file (getMeminfo): `kB` lines in bytes, unit-less
 * lines (the HugePages_* page counts) as they are. The first occurrence of
 * a key wins, as in Table.read().
 * @throws StatError `PARSE` for a malformed line, or a file without MemTotal
 *   (every kernel prints it first: anything else is not a meminfo file).
 */
export function meminfoFromBytes(bytes: Buffer, length: number, path: string): Meminfo {
  const out: Meminfo = {};
  readEveryKey(bytes, length, path, ':', (key, value, kB) => {
    if (Object.hasOwn(out, key)) return;
    const v = kB ? value * 1024 : value;
    // A crafted `__proto__:` line must be a key like any other, not a
    // prototype change: defineProperty for it (slower, so only for it).
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  });
  if (!Object.hasOwn(out, 'MemTotal')) throw new StatError('PARSE', 'MemTotal', `cannot parse ${path}: MemTotal is missing`);
  return out;
}
