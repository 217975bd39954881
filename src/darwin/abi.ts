import { StatError } from '../errors.js';
import { readU32, readU64 } from '../ffi/memory.js';

/*
 * macOS's structs and constants, from XNU (xnu-11417): osfmk/mach/
 * vm_statistics.h, osfmk/mach/host_info.h, bsd/sys/sysctl.h. Offsets are
 * the same on arm64 and x86_64 (LP64, 8-aligned).
 */

export const HOST_VM_INFO64 = 4;
/** sizeof(struct vm_statistics64) / sizeof(integer_t) in the published SDK (macOS up to 15). */
export const HOST_VM_INFO64_COUNT = 38;
/** integer_t slots in the buffer handed to host_statistics64: HOST_INFO_MAX. */
export const HOST_INFO_MAX = 1024;

export const KERN_SUCCESS = 0;
/** "(ipc/mig) array not large enough": the kernel's struct is larger than the count passed. */
export const MIG_ARRAY_TOO_LARGE = -307;

const KERN_RETURN_NAMES: Record<number, string> = {
  1: 'KERN_INVALID_ADDRESS',
  2: 'KERN_PROTECTION_FAILURE',
  3: 'KERN_NO_SPACE',
  4: 'KERN_INVALID_ARGUMENT',
  5: 'KERN_FAILURE',
  22: 'KERN_INVALID_HOST',
  [-307]: 'MIG_ARRAY_TOO_LARGE',
  268435459: 'MACH_SEND_INVALID_DEST',
};

/** `5` → `KERN_FAILURE`. */
export function kernReturnName(kr: number): string {
  return KERN_RETURN_NAMES[kr] ?? `kern_return_t ${kr}`;
}

/** A failed Mach call as a StatError `NATIVE`. */
export function machError(call: string, kr: number, what: string): StatError {
  const name = kernReturnName(kr);
  return new StatError('NATIVE', call, `${what}: ${call}() returned ${name} (${kr})`, kr > 0 ? kr : undefined, { errnoName: name });
}

/** The vm_statistics64 fields sysgrab uses, in pages (byte offsets in the comments). */
export interface VmStatistics {
  /** @0; includes speculative pages (vm_statistics.h). */
  freeCount: number;
  /** @4 */
  activeCount: number;
  /** @8 */
  inactiveCount: number;
  /** @12 */
  wireCount: number;
  /** @88 */
  purgeableCount: number;
  /** @92 */
  speculativeCount: number;
  /** @128: RAM the compressed pager occupies. */
  compressorPageCount: number;
  /** @136: file-backed pages. */
  externalPageCount: number;
  /** @140: anonymous pages. */
  internalPageCount: number;
}

/** Decode struct vm_statistics64 (rev1, 152 bytes) from the integers host_statistics64 filled. */
export function decodeVmStatistics(buf: Buffer): VmStatistics {
  return {
    freeCount: readU32(buf, 0),
    activeCount: readU32(buf, 4),
    inactiveCount: readU32(buf, 8),
    wireCount: readU32(buf, 12),
    purgeableCount: readU32(buf, 88),
    speculativeCount: readU32(buf, 92),
    compressorPageCount: readU32(buf, 128),
    externalPageCount: readU32(buf, 136),
    internalPageCount: readU32(buf, 140),
  };
}

/** struct xsw_usage (bsd/sys/sysctl.h): u64 total, avail, used; u32 pagesize; boolean_t encrypted. */
export const XSW_USAGE_SIZE = 32;

export interface XswUsage {
  total: number;
  avail: number;
  used: number;
}

/** @throws StatError `SYSCTL` when the value is not a 32-byte struct xsw_usage or past 2^53. */
export function decodeXswUsage(buf: Buffer): XswUsage {
  if (buf.length !== XSW_USAGE_SIZE) {
    throw new StatError('SYSCTL', 'vm.swapusage', `sysctl vm.swapusage returned ${buf.length} bytes, not a ${XSW_USAGE_SIZE}-byte struct xsw_usage`);
  }
  const field = (offset: number, name: string): number => {
    const v = readU64(buf, offset);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new StatError('SYSCTL', 'vm.swapusage', `sysctl vm.swapusage has an impossible ${name} (${v})`);
    return Number(v);
  };
  return { total: field(0, 'xsu_total'), avail: field(8, 'xsu_avail'), used: field(16, 'xsu_used') };
}
