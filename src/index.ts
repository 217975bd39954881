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
import type { ContainerMemStats } from './types/container.js';
import type { MemStats } from './types/mem.js';
import type { Meminfo } from './types/meminfo.js';
import type { StatOptions } from './types/options.js';
import type { MemPressure } from './types/pressure.js';
import type { SwapStats } from './types/swap.js';

export { STAT_ERROR_CODES, StatError } from './errors.js';
export type { StatErrorCode } from './errors.js';
export { closeProcFiles } from './linux/read.js';
export { reloadEnvironment } from './options.js';
export type { CgroupMemStats, ContainerEvents, ContainerMemStats, ContainerSwap, JailMemStats } from './types/container.js';
export type { ArcStats, MemStats } from './types/mem.js';
export type { Meminfo } from './types/meminfo.js';
export type { FfiName, FreebsdOptions, Scope, StatOptions } from './types/options.js';
export type { MemPressure, PressureFigures } from './types/pressure.js';
export type { SwapDevice, SwapStats } from './types/swap.js';

/**
 * Physical memory statistics, in bytes.
 *
 * - `available` is the figure to guard on: what can be given to new work
 *   without swapping (Linux MemAvailable; FreeBSD free plus the ZFS ARC
 *   above its minimum).
 * - `total`, `free`, `used`, `cache` mean what libstatgrab's do. Linux:
 *   free = MemFree + Cached. FreeBSD: free = free + inactive + cache queues.
 * - `buffers`, `shared`: Linux only. `wired`, `laundry`: FreeBSD only
 *   (`laundry` from 11.1). `arc` with ZFS loaded (FreeBSD, and Linux through
 *   /proc/spl/kstat/zfs/arcstats). Absent fields are undefined.
 * - `scope: 'container'` (or `SYSGRAB_SCOPE`) maps the container's figures
 *   onto these fields: total = its limit (when below the host's), used = its
 *   working set; `'auto'` does so only where a limit applies.
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
 * The whole of Linux's /proc/meminfo (`<procRoot>/meminfo`), every key the
 * kernel prints, in bytes; the HugePages_* lines are page counts and stay
 * counts. For what getMemStats() leaves out (Slab, Dirty, Committed_AS,
 * HugePages_*...), and what sysgrab/prometheus exports as node_exporter's
 * `node_memory_*` families.
 * @throws StatError `OPEN`, `PARSE` (a malformed line, no MemTotal), `UNSUPPORTED` (not Linux).
 */
export function getMeminfo(options?: StatOptions): Meminfo {
  const o = resolveOptions(options);
  return implementation(o, 'meminfo', 'getMeminfo')(o);
}

/**
 * The memory of the cgroup (Linux) or jail (FreeBSD) this process runs in;
 * null where there is none (no memory controller; FreeBSD not jailed and no
 * `jail` option).
 *
 * - `limit`: the smallest limit over the cgroup and all its ancestors (the
 *   kernel enforces every one), and `limitPath`, the cgroup that set it.
 *   Node's `process.constrainedMemory()` reads only the process's own cgroup.
 * - `workingSet`: usage less inactive page cache, as kubelet counts it for
 *   evictions; `available`: `min(limit − workingSet, host available)`.
 * - FreeBSD: from inside a jail only `kind` and `available` are known (the
 *   kernel refuses RACCT to jailed processes); on the host, `jail: name | jid`
 *   gives a jail's RACCT usage and RCTL limit (root, RACCT enabled).
 *
 * @throws StatError on any failure (`OPEN` naming a cgroup file that vanished
 *   or cannot be read, `PARSE` naming a malformed one, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getContainerMemStats(options?: StatOptions): ContainerMemStats | null {
  const o = resolveOptions(options);
  return implementation(o, 'containerMemStats', 'getContainerMemStats')(o);
}

/**
 * Memory pressure (Linux PSI): the share of the last 10, 60 and 300 seconds
 * in which some (or all) tasks waited for memory, and the total stall time.
 * Host scope: /proc/pressure/memory; container scope: the cgroup's
 * memory.pressure. undefined where the kernel has none (no PSI, or booted
 * without psi=1): "not available" is never reported as zero.
 * @throws StatError `PARSE` naming a malformed file, `OPEN` for an unreadable one.
 */
export function getMemPressure(options?: StatOptions): MemPressure | undefined {
  const o = resolveOptions(options);
  return implementation(o, 'memPressure', 'getMemPressure')(o);
}
