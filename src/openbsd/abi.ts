import { StatError } from '../errors.js';
import { readCString, readI32, readI64, readU64Number } from '../ffi/memory.js';

/*
 * OpenBSD's MIBs and structs: sys/sys/sysctl.h, sys/uvm/uvmexp.h (rev 1.24),
 * sys/sys/mount.h (rev 1.153), sys/sys/swap.h. Every uvmexp field is an int;
 * the struct's length changes between releases, so only the leading fields,
 * whose places have not moved, are read, and the length is checked.
 */

export const MIB_UVMEXP = [2, 4] as const; // CTL_VM, VM_UVMEXP
export const MIB_PHYSMEM64 = [6, 19] as const; // CTL_HW, HW_PHYSMEM64
export const MIB_BCACHESTAT = [10, 0, 3] as const; // CTL_VFS, VFS_GENERIC, VFS_BCACHESTAT

/** struct uvmexp int indices (× 4 = byte offset). */
const UVMEXP = { pagesize: 0, npages: 3, free: 4, active: 5, inactive: 6, wired: 8, nswapdev: 25, swpages: 26, swpginuse: 27 } as const;
/** Bytes up to and including swpginuse: the least a kernel must return. */
export const UVMEXP_MIN_BYTES = (UVMEXP.swpginuse + 1) * 4;

export interface Uvmexp {
  pagesize: number;
  npages: number;
  free: number;
  active: number;
  inactive: number;
  wired: number;
  nswapdev: number;
  swpages: number;
  swpginuse: number;
}

/** @throws StatError `SYSCTL` when the kernel returned too few bytes. */
export function decodeUvmexp(buf: Buffer): Uvmexp {
  if (buf.length < UVMEXP_MIN_BYTES) {
    throw new StatError('SYSCTL', 'vm.uvmexp', `sysctl vm.uvmexp returned ${buf.length} bytes, fewer than the ${UVMEXP_MIN_BYTES} that hold the page and swap counts`);
  }
  const at = (index: number) => readI32(buf, index * 4);
  return {
    pagesize: at(UVMEXP.pagesize),
    npages: at(UVMEXP.npages),
    free: at(UVMEXP.free),
    active: at(UVMEXP.active),
    inactive: at(UVMEXP.inactive),
    wired: at(UVMEXP.wired),
    nswapdev: at(UVMEXP.nswapdev),
    swpages: at(UVMEXP.swpages),
    swpginuse: at(UVMEXP.swpginuse),
  };
}

/** struct bcachestats: int64 fields; numbufpages is the second (@8) in every release that has the MIB. */
export const BCACHESTATS_NUMBUFPAGES = 8;

/** @throws StatError `SYSCTL` when the struct is cut before numbufpages. */
export function decodeNumbufpages(buf: Buffer): number {
  if (buf.length < BCACHESTATS_NUMBUFPAGES + 8) {
    throw new StatError('SYSCTL', 'vfs.generic.bcachestat', `sysctl vfs.generic.bcachestat returned ${buf.length} bytes, too few for numbufpages`);
  }
  const v = readU64Number(buf, BCACHESTATS_NUMBUFPAGES);
  if (v === undefined || v > 2 ** 40) throw new StatError('SYSCTL', 'vfs.generic.bcachestat', `sysctl vfs.generic.bcachestat has an impossible numbufpages (${readI64(buf, BCACHESTATS_NUMBUFPAGES)})`);
  return v;
}

export const SWAP_NSWAP = 3;
export const SWAP_STATS = 4;
export const SWF_ENABLE = 0x2;

/**
 * struct swapent: dev_t se_dev (int32), int se_flags, se_nblks, se_inuse
 * (512-byte blocks), se_priority, char se_path[PATH_MAX + 1]: 1045 bytes,
 * 1048 with the padding to int alignment.
 */
export const SWAPENT = { size: 1048, flags: 4, nblks: 8, inuse: 12, path: 20, pathSize: 1025 } as const;
export const DEV_BSIZE = 512;

export interface SwapEntry {
  path: string;
  enabled: boolean;
  /** 512-byte blocks. */
  nblks: number;
  inuse: number;
}

export function decodeSwapent(buf: Buffer, index: number): SwapEntry {
  const at = index * SWAPENT.size;
  return {
    path: readCString(buf, at + SWAPENT.path, SWAPENT.pathSize),
    enabled: (readI32(buf, at + SWAPENT.flags) & SWF_ENABLE) !== 0,
    nblks: Math.max(0, readI32(buf, at + SWAPENT.nblks)),
    inuse: Math.max(0, readI32(buf, at + SWAPENT.inuse)),
  };
}
