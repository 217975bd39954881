import { endianness } from 'node:os';

/*
 * Reading and writing C memory in Buffers, in this process's byte order
 * (the native structs a platform returns are in its own). Every platform's
 * abi.ts decodes its structs with these.
 */

const LE = endianness() === 'LE';

/** Bytes of a C size_t (and pointer) in this process. */
export const SIZE_T_BYTES = process.arch === 'ia32' || process.arch === 'arm' ? 4 : 8;

export function readU16(buf: Buffer, offset: number): number {
  return LE ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
}

export function readU32(buf: Buffer, offset: number): number {
  return LE ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
}

export function readI32(buf: Buffer, offset: number): number {
  return LE ? buf.readInt32LE(offset) : buf.readInt32BE(offset);
}

export function readU64(buf: Buffer, offset: number): bigint {
  return LE ? buf.readBigUInt64LE(offset) : buf.readBigUInt64BE(offset);
}

export function readI64(buf: Buffer, offset: number): bigint {
  return LE ? buf.readBigInt64LE(offset) : buf.readBigInt64BE(offset);
}

/** A u64 as a number, or undefined when it is past 2^53 (not exact as a number). No BigInt: hot paths use it. */
export function readU64Number(buf: Buffer, offset: number): number | undefined {
  const low = LE ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset + 4);
  const high = LE ? buf.readUInt32LE(offset + 4) : buf.readUInt32BE(offset);
  return high >= 0x200000 ? undefined : high * 0x100000000 + low;
}

export function writeI32(buf: Buffer, value: number, offset: number): void {
  if (LE) buf.writeInt32LE(value, offset);
  else buf.writeInt32BE(value, offset);
}

export function writeU32(buf: Buffer, value: number, offset: number): void {
  if (LE) buf.writeUInt32LE(value, offset);
  else buf.writeUInt32BE(value, offset);
}

/** A NUL-terminated string within `size` bytes from `offset`. */
export function readCString(buf: Buffer, offset: number, size: number): string {
  const end = buf.indexOf(0, offset);
  return buf.toString('utf8', offset, end < 0 || end > offset + size ? offset + size : end);
}

/**
 * A C size_t in a reusable Buffer, read and written as 32-bit halves: no
 * BigInt on the hot path. Lengths here are small; a value of 2^32 or more
 * reads as Infinity, which every caller rejects as an unexpected size.
 */
export class SizeT {
  readonly buffer = Buffer.alloc(SIZE_T_BYTES);
  private readonly words = new Uint32Array(this.buffer.buffer, this.buffer.byteOffset, SIZE_T_BYTES / 4);
  private readonly low = SIZE_T_BYTES === 8 && !LE ? 1 : 0;
  private readonly high = SIZE_T_BYTES === 8 ? 1 - this.low : -1;

  get(): number {
    return this.high >= 0 && this.words[this.high] !== 0 ? Infinity : this.words[this.low]!;
  }

  set(value: number): void {
    this.words[this.low] = value;
    if (this.high >= 0) this.words[this.high] = 0;
  }
}
