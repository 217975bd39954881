import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { MemStats } from '../types/mem.js';
import { decodeVmStatistics, HOST_INFO_MAX, HOST_VM_INFO64_COUNT, KERN_SUCCESS, machError, MIG_ARRAY_TOO_LARGE, type VmStatistics } from './abi.js';
import type { MachApi } from './libs.js';

/*
 * macOS memory: page counts from host_statistics64(HOST_VM_INFO64), the
 * total from hw.memsize. memStatsFromVm() is pure; the readers read.
 */

/**
 * MemStats from vm_statistics64 (pages), the page size and hw.memsize.
 * - total: hw.memsize; not a sum of the queues, which leaves out what the
 *   compressor holds.
 * - free (libstatgrab): free_count (speculative included) + inactive.
 * - cache: file-backed + purgeable pages, Activity Monitor's "Cached Files".
 * - available: total − Activity Monitor's "Memory Used" (app memory, that is
 *   anonymous − purgeable, + wired + compressed), as Activity Monitor and
 *   htop count it.
 * - compressed: the RAM the compressor occupies.
 */
export function memStatsFromVm(vm: VmStatistics, pageSize: number, memsize: number): MemStats {
  const total = memsize;
  const free = Math.min((vm.freeCount + vm.inactiveCount) * pageSize, total);
  const appPages = Math.max(0, vm.internalPageCount - vm.purgeableCount);
  const memoryUsed = (appPages + vm.wireCount + vm.compressorPageCount) * pageSize;
  return {
    total,
    free,
    used: total - free,
    // Part of free in libstatgrab's sense, so never more than it.
    cache: Math.min((vm.externalPageCount + vm.purgeableCount) * pageSize, free),
    available: Math.min(Math.max(0, total - memoryUsed), total),
    active: vm.activeCount * pageSize,
    inactive: vm.inactiveCount * pageSize,
    wired: vm.wireCount * pageSize,
    compressed: vm.compressorPageCount * pageSize,
  };
}

/**
 * vm_statistics64 from host_statistics64. The buffer has room for
 * HOST_INFO_MAX integers, but the count passed is the struct's own (a larger
 * one makes macOS 26 log a warning on every call). A kernel whose struct grew
 * answers MIG_ARRAY_TOO_LARGE with the count it needs (macOS 27): asked again
 * once with that count.
 * @throws StatError `NATIVE` when the call fails, `PARSE` when the kernel
 *   fills fewer than 38 integers (no compressor figures).
 */
export function readVm(mach: MachApi): VmStatistics {
  let answer = mach.vmStatistics(mach.vmCount);
  if (answer.kr === MIG_ARRAY_TOO_LARGE && answer.count > mach.vmCount && answer.count <= HOST_INFO_MAX) {
    mach.vmCount = answer.count;
    answer = mach.vmStatistics(mach.vmCount);
  }
  if (answer.kr !== KERN_SUCCESS) throw machError('host_statistics64', answer.kr, 'cannot read memory statistics');
  if (answer.count < HOST_VM_INFO64_COUNT) {
    throw new StatError(
      'PARSE',
      'host_statistics64',
      `host_statistics64() filled ${answer.count} integers of vm_statistics64, fewer than the ${HOST_VM_INFO64_COUNT} that hold the compressor and file-backed counts`,
    );
  }
  return decodeVmStatistics(answer.info);
}

/** Page sizes macOS can have (4 KiB Intel, 16 KiB Apple Silicon); anything else is a broken library. */
const MIN_PAGE = 4096;
const MAX_PAGE = 65536;

/** The kernel's page size, which the vm_statistics64 counts are in. @throws StatError `NATIVE`. */
export function readPageSize(mach: MachApi): number {
  const { kr, size } = mach.pageSize();
  if (kr !== KERN_SUCCESS) throw machError('host_page_size', kr, 'cannot read the page size');
  if (size < MIN_PAGE || size > MAX_PAGE || (size & (size - 1)) !== 0) {
    throw new StatError('NATIVE', 'host_page_size', `host_page_size() gives an impossible page size (${size} bytes)`);
  }
  return size;
}

/** hw.memsize: the physical memory, bytes. @throws StatError `SYSCTL`. */
export function readMemsize(s: Sysctl): number {
  const memsize = s.number('hw.memsize');
  if (memsize === undefined) throw new StatError('SYSCTL', 'hw.memsize', 'sysctl hw.memsize does not exist on this system', 2);
  return memsize;
}
