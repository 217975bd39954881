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

const enum Slot {
  MemTotal, MemFree, MemAvailable, Buffers, Cached, Shmem,
  Active, Inactive, SReclaimable, SwapTotal, SwapFree,
}
const SLOT_COUNT = MEMINFO_KEYS.length;
const KEY_BYTES = MEMINFO_KEYS.map((k) => Buffer.from(k, 'latin1'));

/** Largest KiB figure whose byte count is still an exact JavaScript integer. */
const MAX_KIB = Math.floor(Number.MAX_SAFE_INTEGER / 1024);

/** Values in KiB by slot; -1 where the key was not in the file (or not wanted). */
export type MeminfoValues = Float64Array;

/** A set of slots, one bit each. */
export type KeySet = number;
const bit = (slot: Slot): KeySet => 1 << slot;

/**
 * The keys MemStats needs. SReclaimable only matters for the estimate of
 * available on kernels without MemAvailable, and there the scan runs to the
 * end of the file anyway, so it is wanted but never waited for.
 */
export const MEM_KEYS: KeySet = bit(Slot.MemTotal) | bit(Slot.MemFree) | bit(Slot.MemAvailable) | bit(Slot.Buffers)
  | bit(Slot.Cached) | bit(Slot.Shmem) | bit(Slot.Active) | bit(Slot.Inactive);
const MEM_KEYS_AND_HINTS: KeySet = MEM_KEYS | bit(Slot.SReclaimable);
/** The keys SwapStats needs (they come early in the file: the scan stops there). */
export const SWAP_KEYS: KeySet = bit(Slot.SwapTotal) | bit(Slot.SwapFree);
export const ALL_KEYS: KeySet = MEM_KEYS_AND_HINTS | SWAP_KEYS;

const CH_NL = 0x0a, CH_CR = 0x0d, CH_SP = 0x20, CH_TAB = 0x09, CH_COLON = 0x3a;
const CH_0 = 0x30, CH_9 = 0x39, CH_k = 0x6b, CH_B = 0x42;

/** Slots of the wanted keys, by key length: most lines are rejected by length alone. */
const SLOTS_BY_LENGTH: number[][] = [];
KEY_BYTES.forEach((key, slot) => (SLOTS_BY_LENGTH[key.length] ??= []).push(slot));

function matchKey(bytes: Uint8Array, start: number, end: number): number {
  const candidates = SLOTS_BY_LENGTH[end - start];
  if (candidates === undefined) return -1;
  for (const slot of candidates) {
    const key = KEY_BYTES[slot]!;
    let i = 0;
    while (i < key.length && bytes[start + i] === key[i]) i++;
    if (i === key.length) return slot;
  }
  return -1;
}

const isBlank = (c: number | undefined): boolean => c === CH_SP || c === CH_TAB || c === CH_CR;

/**
 * Parse `Key: value kB` lines into KiB values for the `wanted` keys, scanning
 * bytes without building strings. Key order is free, unknown and unwanted
 * keys (and their values, such as the unit-less HugePages_* counts) are
 * skipped, the first occurrence of a key wins, and the scan stops as soon as
 * every key it waits for has been seen (for MemStats, about 20 lines in).
 * @param path named in errors.
 * @throws StatError `PARSE` naming a wanted key whose value is not `<digits> kB`.
 */
export function parseMeminfo(bytes: Buffer, length: number, path: string, wanted: KeySet = ALL_KEYS, out: MeminfoValues = new Float64Array(SLOT_COUNT)): MeminfoValues {
  out.fill(-1);
  // SReclaimable is a hint: parsed when met, never waited for (see MEM_KEYS).
  const waitFor = wanted & ~bit(Slot.SReclaimable);
  let found: KeySet = 0;
  let pos = 0;
  while (pos < length && (found & waitFor) !== waitFor) {
    // The key: short, so scanned here; stops at ':' or the end of the line.
    const start = pos;
    while (pos < length && bytes[pos] !== CH_COLON && bytes[pos] !== CH_NL) pos++;
    // The rest of the line is found by indexOf (memchr), clamped to `length`
    // because the buffer holds stale bytes past it.
    let eol = pos < length && bytes[pos] === CH_NL ? pos : bytes.indexOf(CH_NL, pos);
    if (eol < 0 || eol > length) eol = length;
    if (pos < eol) {
      const slot = matchKey(bytes, start, pos);
      if (slot >= 0 && (wanted & ~found & (1 << slot)) !== 0) {
        out[slot] = parseKib(bytes, pos + 1, eol, MEMINFO_KEYS[slot]!, path);
        found |= 1 << slot;
      }
    }
    pos = eol + 1;
  }
  return out;
}

function parseKib(bytes: Uint8Array, pos: number, end: number, key: string, path: string): number {
  let c = bytes[pos];
  while (pos < end && (c === CH_SP || c === CH_TAB)) c = bytes[++pos];
  const digitsStart = pos;
  let value = 0;
  while (pos < end && c! >= CH_0 && c! <= CH_9) {
    value = value * 10 + (c! - CH_0);
    c = bytes[++pos];
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

let lastRoot = '';
let lastPath = '';

function meminfoPath(procRoot: string): string {
  if (procRoot !== lastRoot) {
    lastRoot = procRoot;
    lastPath = `${procRoot}/meminfo`;
  }
  return lastPath;
}

/** MemStats of the machine whose procfs is mounted at `procRoot`. */
export function readMemStats(procRoot: string): MemStats {
  const path = meminfoPath(procRoot);
  const file = readProcFile(path);
  return memStatsFromMeminfo(parseMeminfo(file.bytes, file.length, path, MEM_KEYS_AND_HINTS, scratch), path);
}

/** SwapStats of the machine whose procfs is mounted at `procRoot`. */
export function readSwapStats(procRoot: string): SwapStats {
  const path = meminfoPath(procRoot);
  const file = readProcFile(path);
  // Take the two totals out before the shared buffer is reused for swaps.
  const totals = swapStatsFromMeminfo(parseMeminfo(file.bytes, file.length, path, SWAP_KEYS, scratch), path, undefined);
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
