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
import { resolveOptions } from './options.js';
import type { DiskIoStats } from './types/disk.js';
import type { FsStats, FsStatsAsyncOptions, FsStatsOptions, FsStatsResult } from './types/fs.js';
import type { MemStats } from './types/mem.js';
import type { NetworkIfaceStats, NetworkIoStats } from './types/net.js';
import type { StatOptions } from './types/options.js';
import type { SwapStats } from './types/swap.js';

export { STAT_ERROR_CODES, StatError } from './errors.js';
export type { StatErrorCode } from './errors.js';
export { closeProcFiles } from './linux/read.js';
export { reloadEnvironment } from './options.js';
export { diskIoDeltas, diskIoRates, networkIoDeltas, networkIoRates } from './sampler.js';
export type { DiskIoRate, DiskIoStats } from './types/disk.js';
export type { FsDeviceType, FsFilter, FsProblem, FsStats, FsStatsAsyncOptions, FsStatsOptions, FsStatsResult } from './types/fs.js';
export type { ArcStats, MemStats } from './types/mem.js';
export type { NetworkIfaceStats, NetworkIoRate, NetworkIoStats } from './types/net.js';
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
 * Mounted file systems with their sizes, in mount-table order.
 *
 * By default the real ones (`filter: 'real'`): file systems that store data
 * and have blocks; no proc, sysfs, tmpfs, devfs, cgroup, bind mounts of a
 * subtree or overlays below `/`. `filter: 'libstatgrab'` applies
 * libstatgrab's valid-filesystem list as statgrab and saidar do (every type
 * the kernel knows except nfs, nfs3, nfs4, cifs, smbfs, samba, autofs, or
 * `fsTypes`); `filter: 'all'` lists every mount.
 *
 * Network file systems are never asked here: statfs on a dead server blocks
 * in the kernel and cannot be interrupted. `includeRemote: true` throws
 * `ARGUMENT`; use getFsStatsAsync, which has a timeout.
 * Linux: /proc/self/mountinfo and statfs(2). FreeBSD: getfsstat(2).
 * @throws StatError (`OPEN`, `PARSE`, `LIBRARY`, `ARGUMENT`, `UNSUPPORTED`).
 */
export function getFsStats(options?: FsStatsOptions): FsStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'fsStats', 'getFsStats')(o);
}

/**
 * getFsStats for code that may meet network file systems: each statfs has
 * `timeoutMs` (default 2000) to answer, and a mount that does not is listed
 * in `problems` (`TIMEOUT`) instead of holding up the others. A statfs stuck
 * in the kernel keeps one libuv thread (and the process alive) until the
 * kernel gives up; sysgrab never starts a second one on the same mount
 * (`BUSY`), nor a new remote one while two are stuck.
 * @throws StatError as getFsStats.
 */
export function getFsStatsAsync(options?: FsStatsAsyncOptions): Promise<FsStatsResult> {
  const o = resolveOptions(options);
  return implementation(o, 'fsStatsAsync', 'getFsStatsAsync')(o);
}

/**
 * Disk I/O counters since boot: bytes and operations read and written, for
 * every device the kernel counts (Linux: whole disks, partitions, dm, md,
 * loop, as libstatgrab; FreeBSD: devstat's disk-like devices). Rates come
 * from two samples: diskIoRates(before, after).
 * @throws StatError (`OPEN`, `PARSE`, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getDiskIoStats(options?: StatOptions): DiskIoStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'diskIoStats', 'getDiskIoStats')(o);
}

/**
 * Network interface counters: bytes and packets in and out, errors,
 * collisions. Rates: networkIoRates(before, after) (32-bit wraps and
 * resets never give a negative rate).
 * @throws StatError (`OPEN`, `PARSE`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getNetworkIoStats(options?: StatOptions): NetworkIoStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'networkIoStats', 'getNetworkIoStats')(o);
}

/**
 * Link speed (Mb/s), duplex and up/down of each interface.
 * Linux: /sys/class/net (a down interface has no speed); FreeBSD:
 * `ifi_baudrate` and SIOCGIFMEDIA.
 * @throws StatError (`OPEN`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getNetworkIfaceStats(options?: StatOptions): NetworkIfaceStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'networkIfaceStats', 'getNetworkIfaceStats')(o);
}
