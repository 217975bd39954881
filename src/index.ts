/**
 * sysgrab: memory and swap statistics with libstatgrab's meanings, for
 * Linux (/proc) and FreeBSD (sysctl and libkvm through FFI). No process is
 * ever spawned and nothing is compiled on the user's machine.
 *
 * ```ts
 * import { getMemStats, getSwapStats } from 'sysgrab';
 * const mem = getMemStats();          // bytes
 * console.log(mem.used / mem.total);
 * ```
 */
import { StatError } from './errors.js';
import * as linux from './platform/linux.js';
import { platformOf, procRootOf } from './options.js';
import type { MemStats, StatOptions, SwapStats } from './types.js';

export { StatError, STAT_ERROR_CODES } from './errors.js';
export type { StatErrorCode } from './errors.js';
export type { ArcStats, FfiName, MemStats, StatOptions, SwapDevice, SwapStats } from './types.js';
export { closeProcFiles } from './platform/procfs.js';

interface Backend {
  memStats(options: StatOptions | undefined): MemStats;
  swapStats(options: StatOptions | undefined): SwapStats;
}

const linuxBackend: Backend = {
  memStats: (o) => linux.readMemStats(procRootOf(o)),
  swapStats: (o) => linux.readSwapStats(procRootOf(o)),
};

let freebsdBackend: Backend | undefined;

function loadFreebsd(): Backend {
  // Loaded on first use, so that Linux users never load the FFI layer.
  const freebsd = require('./platform/freebsd.js') as typeof import('./platform/freebsd.js');
  return { memStats: freebsd.memStats, swapStats: freebsd.swapStats };
}

function backendFor(platform: string): Backend {
  if (platform === 'linux') return linuxBackend;
  if (platform === 'freebsd') return (freebsdBackend ??= loadFreebsd());
  throw new StatError('UNSUPPORTED', platform, `sysgrab has no backend for the "${platform}" platform (supported: linux, freebsd)`);
}

/**
 * Physical memory statistics, in bytes.
 *
 * - `total`, `free`, `used`, `cache` mean what libstatgrab's do. Linux:
 *   free = MemFree + Cached. FreeBSD: free = free + inactive + cache queues.
 * - `available`: Linux MemAvailable (estimated on pre-3.14 kernels);
 *   FreeBSD free plus the ZFS ARC above its minimum.
 * - `buffers`, `shared`: Linux only. `wired`, `laundry`, `arc`: FreeBSD only
 *   (`laundry` from 11.1, `arc` with ZFS loaded). Absent fields are undefined.
 *
 * Linux reads `<procRoot>/meminfo`, keeping the descriptor of a procfs file
 * open between calls (see closeProcFiles). FreeBSD calls sysctlbyname.
 * @throws StatError on any failure (`OPEN`, `PARSE`, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getMemStats(options?: StatOptions): MemStats {
  return backendFor(platformOf(options)).memStats(options);
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
  return backendFor(platformOf(options)).swapStats(options);
}
