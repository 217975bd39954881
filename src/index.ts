/**
 * sysgrab: system statistics with libstatgrab's meanings, for Linux (/proc,
 * /sys) and FreeBSD (sysctl and libkvm through FFI). No process is ever
 * spawned and nothing is compiled on the user's machine.
 *
 * ```ts
 * import { getMemStats, getSwapStats } from 'sysgrab';
 * const mem = getMemStats();          // bytes
 * if (mem.available < 512 * 2 ** 20) shedLoad();
 * ```
 *
 * This file is the public surface and nothing else: each getter resolves
 * its options and hands them to the platform's backend (src/backend.ts).
 */
import { implementation } from './backend.js';
import { closeProcFiles as closeLinuxProcFiles } from './linux/read.js';
import { resolveOptions } from './options.js';
import type { MemStats } from './types/mem.js';
import type { StatOptions } from './types/options.js';
import type { SwapStats } from './types/swap.js';

export { STAT_ERROR_CODES, StatError } from './errors.js';
export type { StatErrorCode } from './errors.js';
export { reloadEnvironment } from './options.js';
export type { ArcStats, MemStats } from './types/mem.js';
export type { FfiName, FreebsdOptions, StatOptions } from './types/options.js';
export type { SwapDevice, SwapStats } from './types/swap.js';

/**
 * Physical memory statistics, in bytes.
 *
 * - `available` is the figure to guard on: what can be given to new work
 *   without swapping (Linux MemAvailable; FreeBSD free plus the ZFS ARC
 *   above its minimum).
 * - `total`, `free`, `used`, `cache` mean what libstatgrab's do. Linux:
 *   free = MemFree + Cached. FreeBSD: free = free + inactive + cache queues.
 * - `buffers`, `shared`: Linux only. `wired`, `laundry`, `arc`: FreeBSD only
 *   (`laundry` from 11.1, `arc` with ZFS loaded). Absent fields are undefined.
 *
 * @throws StatError on any failure (`OPEN`, `PARSE`, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getMemStats(options?: StatOptions): MemStats {
  const o = resolveOptions(options);
  return implementation(o, 'memStats', 'getMemStats')(o);
}

/**
 * Swap statistics, in bytes; all 0 with `devices: []` when no swap is
 * configured.
 *
 * Linux: totals from `<procRoot>/meminfo`, devices from `<procRoot>/swaps`
 * (`devices` undefined if that file cannot be read). FreeBSD: libkvm's
 * kvm_getswapinfo (no root needed), else the `vm.swap_info` sysctl; device
 * names as swapinfo(8) prints them.
 * @throws StatError on any failure (`OPEN`, `PARSE`, `SYSCTL`, `KVM`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getSwapStats(options?: StatOptions): SwapStats {
  const o = resolveOptions(options);
  return implementation(o, 'swapStats', 'getSwapStats')(o);
}

/**
 * Close the procfs descriptors the Linux backend keeps open between calls
 * (at most 32). Safe to call any time; the next call opens what it needs.
 * (A function of its own, so that the public types do not reach the
 * reader's, which need Node's `Buffer`: a TypeScript user without
 * @types/node compiles against sysgrab.)
 */
export function closeProcFiles(): void {
  closeLinuxProcFiles();
}
