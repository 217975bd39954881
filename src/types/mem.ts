/**
 * Physical memory. All sizes are in bytes, as JavaScript numbers (exact up to
 * 8 PiB). A field a platform cannot provide is `undefined`, never a made-up 0.
 */

/** ZFS adaptive replacement cache, in bytes. */
export interface ArcStats {
  /** Current ARC size (`kstat.zfs.misc.arcstats.size`). */
  size: number;
  /** Floor the ARC will not shrink below (`.c_min`). */
  min: number;
  /** Ceiling the ARC may grow to (`.c_max`). */
  max: number;
}

/**
 * Physical memory, with libstatgrab 0.92's meanings for `total`, `free`,
 * `used` and `cache`, plus the fields modern tools report.
 */
export interface MemStats {
  /** Physical memory the kernel manages. Linux `MemTotal`; FreeBSD `v_page_count`. */
  total: number;
  /**
   * libstatgrab's "free": memory not holding live data. Linux
   * `MemFree + Cached`; FreeBSD `free + inactive + cache` queues.
   */
  free: number;
  /** `total - free`, never below 0. */
  used: number;
  /** libstatgrab's cache: Linux `Cached`; FreeBSD `v_cache_count` (0 from 12 on). */
  cache: number;
  /**
   * What can be handed to a new workload without swapping. Linux
   * `MemAvailable` (estimated on kernels before 3.14); FreeBSD `free` plus
   * the reclaimable part of the ZFS ARC. Clamped to `[0, total]`.
   */
  available: number;
  /** Linux `Buffers`; undefined on FreeBSD. */
  buffers?: number;
  /** Linux `Shmem`; undefined on FreeBSD. */
  shared?: number;
  /** Linux `Active`; FreeBSD `v_active_count`; macOS, OpenBSD: active pages. */
  active?: number;
  /** Linux `Inactive`; FreeBSD `v_inactive_count`; macOS, OpenBSD: inactive pages. */
  inactive?: number;
  /**
   * Locked in RAM. FreeBSD `v_wire_count` (includes the ZFS ARC); macOS and
   * OpenBSD wired pages; Windows `KernelNonpaged`. Undefined on Linux.
   */
  wired?: number;
  /**
   * macOS only: RAM the compressor occupies (`compressor_page_count` pages,
   * Activity Monitor's "Compressed"), not the larger size of what it holds.
   */
  compressed?: number;
  /** FreeBSD `v_laundry_count` (11.1 and later); undefined elsewhere. */
  laundry?: number;
  /** ZFS ARC (FreeBSD with ZFS loaded); undefined elsewhere. */
  arc?: ArcStats;
}
