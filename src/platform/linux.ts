import { StatError } from '../errors.js';
import type { MemStats, SwapDevice, SwapStats } from '../types.js';
import { readProcFile } from './procfs.js';

/*
 * Linux: /proc/meminfo and /proc/swaps. Reading is in readMemStats() and
 * readSwapStats(); everything else here is a pure function of the bytes read,
 * so tests can feed it crafted text.
 */

/** The meminfo keys sysgrab uses, in slot order. */
export const MEMINFO_KEYS = [
  'MemTotal', 'MemFree', 'MemAvailable', 'Buffers', 'Cached', 'Shmem',
  'Active', 'Inactive', 'SReclaimable', 'SwapTotal', 'SwapFree',
] as const;
export type MeminfoKey = (typeof MEMINFO_KEYS)[number];

const enum Slot {
  MemTotal, MemFree, MemAvailable, Buffers, Cached, Shmem,
  Active, Inactive, SReclaimable, SwapTotal, SwapFree,
}
const SLOT_COUNT = MEMINFO_KEYS.length;
const KEY_BYTES = MEMINFO_KEYS.map((k) => Buffer.from(k, 'latin1'));

/** Largest KiB figure whose byte count is still an exact JavaScript integer. */
const MAX_KIB = Math.floor(Number.MAX_SAFE_INTEGER / 1024);

/** Values in KiB by slot; -1 where the key was not in the file. */
export type MeminfoValues = Float64Array;

const CH_NL = 0x0a, CH_CR = 0x0d, CH_SP = 0x20, CH_TAB = 0x09, CH_COLON = 0x3a;
const CH_0 = 0x30, CH_9 = 0x39, CH_k = 0x6b, CH_B = 0x42;

function matchKey(bytes: Buffer, start: number, end: number): number {
  const len = end - start;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const key = KEY_BYTES[slot]!;
    if (key.length !== len) continue;
    let i = 0;
    while (i < len && bytes[start + i] === key[i]) i++;
    if (i === len) return slot;
  }
  return -1;
}

const isBlank = (c: number | undefined): boolean => c === CH_SP || c === CH_TAB || c === CH_CR;

/**
 * Parse `Key: value kB` lines into KiB values for MEMINFO_KEYS, scanning bytes
 * without building strings. Key order is free, unknown keys (and their values,
 * such as the unit-less HugePages_* counts) are skipped, the first occurrence
 * of a key wins, and scanning stops once every key has been seen.
 * @param path named in errors.
 * @throws StatError `PARSE` naming the key whose value is not `<digits> kB`.
 */
export function parseMeminfo(bytes: Uint8Array, length: number, path: string, out: MeminfoValues = new Float64Array(SLOT_COUNT)): MeminfoValues {
  out.fill(-1);
  let missing = SLOT_COUNT;
  let pos = 0;
  while (pos < length && missing > 0) {
    let eol = pos;
    let colon = -1;
    while (eol < length && bytes[eol] !== CH_NL) {
      if (colon < 0 && bytes[eol] === CH_COLON) colon = eol;
      eol++;
    }
    const slot = colon > pos ? matchKey(bytes as Buffer, pos, colon) : -1;
    if (slot >= 0 && out[slot]! < 0) {
      out[slot] = parseKib(bytes, colon + 1, eol, MEMINFO_KEYS[slot]!, path);
      missing--;
    }
    pos = eol + 1;
  }
  return out;
}

function parseKib(bytes: Uint8Array, pos: number, end: number, key: string, path: string): number {
  while (pos < end && isBlank(bytes[pos])) pos++;
  const digitsStart = pos;
  let value = 0;
  while (pos < end && bytes[pos]! >= CH_0 && bytes[pos]! <= CH_9) {
    value = value * 10 + (bytes[pos]! - CH_0);
    pos++;
  }
  if (pos === digitsStart) throw badValue(key, path, 'is not a number');
  while (pos < end && isBlank(bytes[pos])) pos++;
  if (bytes[pos] !== CH_k || bytes[pos + 1] !== CH_B) throw badValue(key, path, 'has no "kB" unit');
  pos += 2;
  while (pos < end && isBlank(bytes[pos])) pos++;
  if (pos !== end) throw badValue(key, path, 'has trailing text');
  if (value > MAX_KIB) throw badValue(key, path, 'is out of range');
  return value;
}

function badValue(key: string, path: string, why: string): StatError {
  return new StatError('PARSE', key, `cannot parse ${path}: the value of ${key} ${why}`);
}

function required(values: MeminfoValues, slot: Slot, path: string): number {
  const v = values[slot]!;
  if (v < 0) {
    const key = MEMINFO_KEYS[slot];
    throw new StatError('PARSE', key, `cannot parse ${path}: ${key} is missing`);
  }
  return v;
}

function optional(values: MeminfoValues, slot: Slot): number | undefined {
  const v = values[slot]!;
  return v < 0 ? undefined : v * 1024;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/**
 * MemStats from parsed meminfo values (KiB), with libstatgrab's meanings:
 * free = MemFree + Cached, used = total - free. Clamps keep every figure in
 * [0, total] even for impossible input (libstatgrab would wrap or overflow).
 */
export function memStatsFromMeminfo(values: MeminfoValues, path: string): MemStats {
  const totalKib = required(values, Slot.MemTotal, path);
  const memFreeKib = required(values, Slot.MemFree, path);
  const cachedKib = required(values, Slot.Cached, path);
  const total = totalKib * 1024;
  const free = Math.min(memFreeKib + cachedKib, totalKib) * 1024;
  const cache = Math.min(cachedKib * 1024, free);

  let availableKib = values[Slot.MemAvailable]!;
  if (availableKib < 0) {
    // Kernels before 3.14 lack MemAvailable: estimate it the way free(1)
    // from procps did then. Absent optional keys count as 0.
    const k = (slot: Slot) => Math.max(0, values[slot]!);
    availableKib = memFreeKib + k(Slot.Buffers) + cachedKib + k(Slot.SReclaimable) - k(Slot.Shmem);
  }
  return {
    total,
    free,
    used: total - free,
    cache,
    available: clamp(availableKib, 0, totalKib) * 1024,
    buffers: optional(values, Slot.Buffers),
    shared: optional(values, Slot.Shmem),
    active: optional(values, Slot.Active),
    inactive: optional(values, Slot.Inactive),
  };
}

/** Swap totals from meminfo values (KiB); devices come from /proc/swaps. */
export function swapStatsFromMeminfo(values: MeminfoValues, path: string, devices: SwapDevice[] | undefined): SwapStats {
  const totalKib = required(values, Slot.SwapTotal, path);
  const freeKib = Math.min(required(values, Slot.SwapFree, path), totalKib);
  return { total: totalKib * 1024, used: (totalKib - freeKib) * 1024, free: freeKib * 1024, devices };
}

/** Undo the octal escapes the kernel puts in /proc/swaps names (`\040` for a space). */
function unescapeName(name: string): string {
  return name.includes('\\') ? name.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))) : name;
}

/**
 * Parse /proc/swaps: a header, then `Filename Type Size Used Priority` with
 * sizes in KiB.
 * @throws StatError `PARSE` for a line that does not have that form.
 */
export function parseSwaps(text: string, path: string): SwapDevice[] {
  const devices: SwapDevice[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || (i === 0 && line.startsWith('Filename'))) continue;
    const fields = line.split(/\s+/);
    const size = fields[2], used = fields[3];
    if (fields.length < 4 || !/^\d+$/.test(size!) || !/^\d+$/.test(used!)) {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} is not "name type size used priority"`);
    }
    const totalKib = Number(size), usedKib = Number(used);
    if (totalKib > MAX_KIB || usedKib > MAX_KIB) {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} has a size out of range`);
    }
    devices.push({ name: unescapeName(fields[0]!), total: totalKib * 1024, used: Math.min(usedKib, totalKib) * 1024 });
  }
  return devices;
}

// --- reading -------------------------------------------------------------

const scratch = new Float64Array(SLOT_COUNT);

function readMeminfo(procRoot: string): { values: MeminfoValues; path: string } {
  const path = `${procRoot}/meminfo`;
  const file = readProcFile(path);
  return { values: parseMeminfo(file.bytes, file.length, path, scratch), path };
}

/** MemStats of the machine whose procfs is mounted at `procRoot`. */
export function readMemStats(procRoot: string): MemStats {
  const { values, path } = readMeminfo(procRoot);
  return memStatsFromMeminfo(values, path);
}

/** SwapStats of the machine whose procfs is mounted at `procRoot`. */
export function readSwapStats(procRoot: string): SwapStats {
  const { values, path } = readMeminfo(procRoot);
  // Copy out the two totals before the shared buffer is reused for swaps.
  const totals = swapStatsFromMeminfo(values, path, undefined);
  const swapsPath = `${procRoot}/swaps`;
  let text: string | undefined;
  try {
    const file = readProcFile(swapsPath);
    text = file.bytes.toString('utf8', 0, file.length);
  } catch {
    // No /proc/swaps (a restricted container): totals without devices.
  }
  if (text !== undefined) totals.devices = parseSwaps(text, swapsPath);
  return totals;
}
