import { writeU32 } from '../ffi/memory.js';
import type { MemStats } from '../types/mem.js';
import { decodeMemoryStatus, decodePerformanceInfo, MEMORYSTATUSEX_SIZE, type MemoryStatus, PERFORMANCE_INFORMATION, type PerformanceInfo, win32Error } from './abi.js';
import type { Kernel32Api, PsapiApi } from './libs.js';

/*
 * Windows memory: GlobalMemoryStatusEx for physical memory,
 * GetPerformanceInfo for the cache and the kernel's non-paged pool.
 * memStatsFromWindows() is pure; the readers read.
 */

/**
 * - total, free, available: ullTotalPhys, ullAvailPhys. Windows' available
 *   memory already counts the standby list (its file cache), so free and
 *   available are the same figure.
 * - cache: SystemCache pages; wired: KernelNonpaged pages (memory that is
 *   never paged out).
 */
export function memStatsFromWindows(ms: MemoryStatus, pi: PerformanceInfo): MemStats {
  const total = ms.totalPhys;
  const free = Math.min(ms.availPhys, total);
  return {
    total,
    free,
    used: total - free,
    // Part of free in libstatgrab's sense, so never more than it.
    cache: Math.min(pi.systemCache * pi.pageSize, free),
    available: free,
    wired: pi.kernelNonpaged * pi.pageSize,
  };
}

const statusBuf = Buffer.alloc(MEMORYSTATUSEX_SIZE);
const perfBuf = Buffer.alloc(PERFORMANCE_INFORMATION.size);

/** @throws StatError `NATIVE` with GetLastError()'s code. */
export function readMemoryStatus(k: Kernel32Api): MemoryStatus {
  statusBuf.fill(0);
  writeU32(statusBuf, MEMORYSTATUSEX_SIZE, 0); // dwLength, checked by Windows
  if (k.globalMemoryStatusEx(statusBuf) === 0) throw win32Error('GlobalMemoryStatusEx', k.getLastError(), 'cannot read memory status');
  return decodeMemoryStatus(statusBuf);
}

/** @throws StatError `NATIVE` with GetLastError()'s code (from kernel32, where it lives). */
export function readPerformanceInfo(p: PsapiApi, k: Kernel32Api): PerformanceInfo {
  perfBuf.fill(0);
  if (p.getPerformanceInfo(perfBuf, PERFORMANCE_INFORMATION.size) === 0) throw win32Error('GetPerformanceInfo', k.getLastError(), 'cannot read performance information');
  return decodePerformanceInfo(perfBuf);
}
