import { endianness } from 'node:os';

/*
 * FreeBSD's native ABI as sysgrab uses it: constants, the layout of every
 * struct it reads, and the functions that decode them from raw memory. The
 * FFI drivers (koffi.ts, ffi-rs.ts) declare the functions; this file is the
 * one place that says what the bytes mean. Source: lib/libkvm/kvm.h,
 * sys/sys/conf.h (struct xswdev), sys/vm/swap_pager.c.
 */

export const O_RDONLY = 0;
/** kvm_openfiles' errbuf must hold _POSIX2_LINE_MAX bytes. */
export const POSIX2_LINE_MAX = 2048;
/** kvm_getswapinfo flag: name devices as swapinfo(8) does, `/dev/ada0p3`. */
export const SWIF_DEV_PREFIX = 0x2;
/** devname(3) type for character devices (sys/stat.h). */
export const S_IFCHR = 0o020000;
/** errno values sysgrab tells apart; the same on FreeBSD and Linux. */
export const ENOENT = 2;
export const ENOMEM = 12;
/** vm.swap_info's MIB has 2 elements; room for CTL_MAXNAME (24). */
export const CTL_MAXNAME = 24;

/** Bytes of a C size_t (and pointer) in this process. */
export const SIZE_T_BYTES = process.arch === 'ia32' || process.arch === 'arm' ? 4 : 8;

/** `struct kvm_swap`: 52 bytes, 4-byte aligned, the same on every architecture. */
export const KVM_SWAP = {
  size: 52,
  align: 4,
  fields: {
    ksw_devname: { offset: 0, size: 32 },
    ksw_used: { offset: 32, size: 4 },
    ksw_total: { offset: 36, size: 4 },
    ksw_flags: { offset: 40, size: 4 },
    ksw_reserved1: { offset: 44, size: 4 },
    ksw_reserved2: { offset: 48, size: 4 },
  },
} as const;

/** `struct xswdev` version 2 (FreeBSD 12+, LP64): 32 bytes, 8-aligned. */
export const XSWDEV_V2 = { size: 32, version: 2, offsets: { version: 0, dev: 8, flags: 16, nblks: 20, used: 24 }, devBytes: 8 } as const;
/** `struct xswdev` version 1 (FreeBSD 11, or a 20-byte request): all 4-byte fields. */
export const XSWDEV_V1 = { size: 20, version: 1, offsets: { version: 0, dev: 4, flags: 8, nblks: 12, used: 16 }, devBytes: 4 } as const;

const LE = endianness() === 'LE';

export function readU32(buf: Buffer, offset: number): number {
  return LE ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
}

export function readU64(buf: Buffer, offset: number): bigint {
  return LE ? buf.readBigUInt64LE(offset) : buf.readBigUInt64BE(offset);
}

export function writeI32(buf: Buffer, value: number, offset: number): void {
  if (LE) buf.writeInt32LE(value, offset);
  else buf.writeInt32BE(value, offset);
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

/** A NUL-terminated string within `size` bytes. */
export function readCString(buf: Buffer, offset: number, size: number): string {
  const end = buf.indexOf(0, offset);
  return buf.toString('utf8', offset, end < 0 || end > offset + size ? offset + size : end);
}

/** One row of kvm_getswapinfo's answer, in pages. */
export interface KvmSwapRow {
  devname: string;
  usedPages: number;
  totalPages: number;
  flags: number;
}

/** Decode row `index` of a `struct kvm_swap` array from raw memory. */
export function decodeKvmSwap(buf: Buffer, index: number): KvmSwapRow {
  const base = index * KVM_SWAP.size;
  const f = KVM_SWAP.fields;
  return {
    devname: readCString(buf, base + f.ksw_devname.offset, f.ksw_devname.size),
    usedPages: readU32(buf, base + f.ksw_used.offset),
    totalPages: readU32(buf, base + f.ksw_total.offset),
    flags: readU32(buf, base + f.ksw_flags.offset) | 0,
  };
}

/** One device from vm.swap_info, in pages. */
export interface XswdevRow {
  dev: bigint;
  flags: number;
  nblksPages: number;
  usedPages: number;
}

/**
 * Decode a `struct xswdev` by the length the kernel returned, checking the
 * version field. Undefined when the length or version is not one we know.
 */
export function decodeXswdev(buf: Buffer, length: number): XswdevRow | undefined {
  const layout = length === XSWDEV_V2.size ? XSWDEV_V2 : length === XSWDEV_V1.size ? XSWDEV_V1 : undefined;
  if (!layout || readU32(buf, layout.offsets.version) !== layout.version) return undefined;
  const o = layout.offsets;
  return {
    dev: layout.devBytes === 8 ? readU64(buf, o.dev) : BigInt(readU32(buf, o.dev)),
    flags: readU32(buf, o.flags) | 0,
    // int fields in C: a negative count would be kernel corruption; read as 0.
    nblksPages: Math.max(0, readU32(buf, o.nblks) | 0),
    usedPages: Math.max(0, readU32(buf, o.used) | 0),
  };
}
