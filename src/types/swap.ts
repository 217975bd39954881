/** Swap, in bytes. */

/** One swap device or file. */
export interface SwapDevice {
  /** As the OS lists it: `/dev/nvme0n1p3`, `/swapfile`, `/dev/ada0p3`. */
  name: string;
  total: number;
  used: number;
}

export interface SwapStats {
  total: number;
  used: number;
  /** `total - used`. */
  free: number;
  /**
   * One entry per device; `[]` when no swap is configured. Linux: undefined
   * if `/proc/swaps` cannot be read or has a line of another form (the
   * totals still come from meminfo).
   */
  devices?: SwapDevice[];
}
