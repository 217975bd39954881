/**
 * Paging since boot (libstatgrab's sg_page_stats, and more). The two
 * libstatgrab fields mean different things per OS; `swapIn`/`swapOut` are
 * the same on both.
 */
export interface PageStats {
  /** libstatgrab's pages_pagein. Linux: `pgpgin` of /proc/vmstat, **KiB** read from block devices (files and swap); FreeBSD: pages swapped in (`v_swappgsin`). */
  pagesPagein: number;
  /** libstatgrab's pages_pageout. Linux: `pgpgout`, KiB written to block devices; FreeBSD: pages swapped out (`v_swappgsout`). */
  pagesPageout: number;
  /** Pages read from swap: Linux `pswpin`, FreeBSD `v_swappgsin`. */
  swapIn: number;
  /** Pages written to swap: Linux `pswpout`, FreeBSD `v_swappgsout`. */
  swapOut: number;
  /** When this was read: seconds since the epoch. */
  systime: number;
}
