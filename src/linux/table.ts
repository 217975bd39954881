import { StatError } from '../errors.js';

/*
 * The generic reader of the kernel's "one key, one number per line" files:
 *
 *   /proc/meminfo          `MemTotal:       16318588 kB`   (separator ':', unit kB)
 *   /proc/vmstat           `pgpgin 123456`                (separator ' ', no unit)
 *   memory.stat (cgroup)   `inactive_file 4096`           (separator ' ', no unit)
 *   /proc/stat (scalars)   `ctxt 123456`                  (separator ' ', no unit)
 *
 * A Table is compiled once from the keys a caller wants; read() then fills
 * a Float64Array slot per key (-1 where the key is absent) without building
 * a string. Key order is free, unknown keys are skipped, the first
 * occurrence of a key wins, and the scan stops as soon as every wanted key
 * has been seen.
 *
 * Why it is fast: the kernel prints these files in a fixed layout
 * (meminfo's numbers are right-aligned in a fixed width), so a key is
 * almost always where it was on the last read. Each Table remembers where
 * it found each key and first checks there: the line must start at that
 * offset, with the key and its separator, and the value must parse. Only
 * when every wanted key is confirmed that way is the line scan skipped; any
 * miss falls back to the full scan, which also relearns the offsets. (A
 * kernel never repeats a key; for a crafted file that does, the first
 * occurrence wins on the scan, while a remembered offset may name a later
 * copy.)
 */

const NL = 0x0a,
  CR = 0x0d,
  SP = 0x20,
  TAB = 0x09,
  D0 = 0x30,
  D9 = 0x39,
  LOWER_K = 0x6b,
  UPPER_B = 0x42;

/** How values are written: `123 kB` (meminfo) or a bare `123`. */
export type TableUnit = 'kB' | 'none';

export interface TableFormat {
  /** What ends a key: `:` (meminfo) or ` ` (vmstat, memory.stat). */
  separator: ':' | ' ';
  unit: TableUnit;
}

// Why a value did not parse, as value() reports it (all negative).
const NOT_A_NUMBER = -1,
  NO_UNIT = -2,
  TRAILING = -3;
const WHY: Record<number, string> = { [NOT_A_NUMBER]: 'is not a number', [NO_UNIT]: 'has no "kB" unit', [TRAILING]: 'has trailing text' };

/** Bit `slot` of a key set. Tables hold at most 31 keys, so a set is one int. */
export const bit = (slot: number): number => 1 << slot;

export class Table<K extends string> {
  readonly keys: readonly K[];
  /** Every key's bit: read(..., table.all) wants them all. */
  readonly all: number;
  private readonly keyBytes: Uint8Array[];
  private readonly slotsByLength: (number[] | undefined)[] = [];
  private readonly separator: number;
  private readonly unit: TableUnit;
  /** Byte offset of each key's line on the last read; -1 when unknown. */
  private readonly hints: Int32Array;

  constructor(keys: readonly K[], format: TableFormat) {
    if (keys.length > 31) throw new RangeError(`a Table holds at most 31 keys, not ${keys.length}`);
    this.keys = keys;
    this.all = keys.length === 31 ? 0x7fffffff : (1 << keys.length) - 1;
    this.keyBytes = keys.map((k) => Buffer.from(k, 'latin1'));
    for (const [slot, key] of this.keyBytes.entries()) (this.slotsByLength[key.length] ??= []).push(slot);
    this.separator = format.separator.charCodeAt(0);
    this.unit = format.unit;
    this.hints = new Int32Array(keys.length).fill(-1);
  }

  /** The slot of `key` in the values read() fills. */
  slot(key: K): number {
    const slot = this.keys.indexOf(key);
    if (slot < 0) throw new RangeError(`${key} is not a key of this table`);
    return slot;
  }

  /** The key set of `keys`, for read()'s `wanted`. */
  set(keys: readonly K[]): number {
    return keys.reduce((set, key) => set | bit(this.slot(key)), 0);
  }

  /**
   * Values (as written: KiB for meminfo) of the `wanted` keys in `out`, -1 for
   * a key not in the file. Values above 2^53 are approximate: callers that
   * need them exact check their range.
   * @param path named in errors.
   * @throws StatError `PARSE` naming a wanted key whose value is malformed.
   */
  read(bytes: Uint8Array, length: number, path: string, wanted: number = this.all, out: Float64Array = new Float64Array(this.keys.length)): Float64Array {
    out.fill(-1);
    if (this.fromHints(bytes, length, wanted, out)) return out;
    out.fill(-1);
    return this.scan(bytes, length, path, wanted, out);
  }

  /** Check each wanted key where it was last time; false at the first miss. */
  private fromHints(b: Uint8Array, length: number, wanted: number, out: Float64Array): boolean {
    let rest = wanted;
    while (rest !== 0) {
      const slot = 31 - Math.clz32(rest & -rest);
      rest &= rest - 1;
      const at = this.hints[slot]!;
      if (at < 0 || (at > 0 && b[at - 1] !== NL)) return false;
      const key = this.keyBytes[slot]!;
      const end = at + key.length;
      if (end >= length || b[end] !== this.separator) return false;
      for (let i = 0; i < key.length; i++) if (b[at + i] !== key[i]) return false;
      const v = this.value(b, end + 1, length);
      if (v < 0) return false;
      out[slot] = v;
    }
    return true;
  }

  private scan(b: Uint8Array, length: number, path: string, wanted: number, out: Float64Array): Float64Array {
    let found = 0;
    let pos = 0;
    const sep = this.separator;
    while (pos < length && (found & wanted) !== wanted) {
      const start = pos;
      let c = b[pos];
      while (pos < length && c !== sep && c !== NL) c = b[++pos];
      if (pos < length && c === sep) {
        const slot = this.match(b, start, pos);
        if (slot >= 0 && (wanted & ~found & bit(slot)) !== 0) {
          const v = this.value(b, pos + 1, length);
          if (v < 0) throw new StatError('PARSE', this.keys[slot]!, `cannot parse ${path}: the value of ${this.keys[slot]} ${WHY[v]}`);
          out[slot] = v;
          this.hints[slot] = start;
          found |= bit(slot);
        }
      }
      // On to the next line.
      while (pos < length && b[pos] !== NL) pos++;
      pos++;
    }
    return out;
  }

  private match(b: Uint8Array, start: number, end: number): number {
    const candidates = this.slotsByLength[end - start];
    if (candidates === undefined) return -1;
    for (const slot of candidates) {
      const key = this.keyBytes[slot]!;
      let i = 0;
      while (i < key.length && b[start + i] === key[i]) i++;
      if (i === key.length) return slot;
    }
    return -1;
  }

  /** The number after a separator, checked to its line's end; a negative reason when malformed. */
  private value(b: Uint8Array, pos: number, length: number): number {
    return valueAt(b, pos, length, this.unit);
  }
}

/** `kB` after the value, none, or either (meminfo's HugePages_* lines carry none). */
type UnitRule = TableUnit | 'either';

/** Whether the last valueAt() found a `kB` unit (for the 'either' rule). */
let sawKb = false;

/** The number at `pos` (after a separator), checked to its line's end; a negative reason when malformed. */
function valueAt(b: Uint8Array, pos: number, length: number, unit: UnitRule): number {
  let c = b[pos];
  while (pos < length && (c === SP || c === TAB)) c = b[++pos];
  const digits = pos;
  let v = 0;
  while (pos < length && c! >= D0 && c! <= D9) {
    v = v * 10 + (c! - D0);
    c = b[++pos];
  }
  if (pos === digits) return NOT_A_NUMBER;
  while (pos < length && (c === SP || c === TAB || c === CR)) c = b[++pos];
  sawKb = pos + 1 < length && c === LOWER_K && b[pos + 1] === UPPER_B;
  if (unit === 'kB' && !sawKb) return NO_UNIT;
  if (sawKb && unit !== 'none') {
    pos += 2;
    c = b[pos];
    while (pos < length && (c === SP || c === TAB || c === CR)) c = b[++pos];
  }
  return pos >= length || c === NL ? v : TRAILING;
}

/**
 * Every line of such a file, in file order, for callers that want keys not
 * known in advance (getMeminfo: whatever keys this kernel prints). `each`
 * gets the key as written, the value, and whether a `kB` unit followed it
 * (meminfo mixes both). Blank lines are skipped. Values above 2^53 are
 * approximate, as with read().
 * @throws StatError `PARSE` for a line without a key or with a malformed value.
 */
export function readEveryKey(bytes: Buffer, length: number, path: string, separator: ':' | ' ', each: (key: string, value: number, kB: boolean) => void): void {
  const sep = separator.charCodeAt(0);
  let pos = 0;
  let line = 0;
  while (pos < length) {
    line++;
    const start = pos;
    let c = bytes[pos];
    while (pos < length && c !== sep && c !== NL) c = bytes[++pos];
    if (pos === start && c === NL) {
      pos++;
      continue;
    }
    if (pos >= length || c !== sep || pos === start) {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${line} has no "key${separator}" at its start`);
    }
    const key = bytes.toString('latin1', start, pos);
    const v = valueAt(bytes, pos + 1, length, 'either');
    if (v < 0) throw new StatError('PARSE', key, `cannot parse ${path}: the value of ${key} ${WHY[v]}`);
    each(key, v, sawKb);
    while (pos < length && bytes[pos] !== NL) pos++;
    pos++;
  }
}
