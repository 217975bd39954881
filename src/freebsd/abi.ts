import { readCString, readU32, readU64 } from '../ffi/memory.js';

/*
 * FreeBSD's ABI as sysgrab uses it: constants and the layout of every
 * struct it reads, with the functions that decode them from raw memory.
 * This is the one place that says what the bytes mean; every FFI driver
 * hands it Buffers. Sources: lib/libkvm/kvm.h (struct kvm_swap),
 * sys/sys/conf.h (struct xswdev), sys/vm/swap_pager.c.
 */

export const O_RDONLY = 0;
/** kvm_openfiles' errbuf must hold _POSIX2_LINE_MAX bytes. */
export const POSIX2_LINE_MAX = 2048;
/** kvm_getswapinfo flag: name devices as swapinfo(8) does, `/dev/ada0p3`. */
export const SWIF_DEV_PREFIX = 0x2;
/** devname(3) type for character devices (sys/stat.h). */
export const S_IFCHR = 0o020000;

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

/** One row of kvm_getswapinfo's answer, in pages. */
export interface KvmSwapRow {
  devname: string;
  usedPages: number;
  totalPages: number;
  flags: number;
}

/** Decode row `index` of a `struct kvm_swap` array. */
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
