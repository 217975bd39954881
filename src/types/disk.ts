/** Disk I/O counters, in bytes and operations since boot (or since the device appeared). */
export interface DiskIoStats {
  /** Linux: the /proc/diskstats name (`sda`, `sda1`, `nvme0n1`, `dm-0`, `loop0`); FreeBSD: devstat name and unit (`ada0`, `nda1`). */
  diskName: string;
  /** Linux: sectors read × 512 (the kernel counts 512-byte units whatever the device's sector size). */
  readBytes: number;
  writeBytes: number;
  /** Reads completed. */
  readOps: number;
  /** Writes completed. */
  writeOps: number;
  /** When the counters were read, in milliseconds since the epoch (libstatgrab's `systime`, which is in seconds). */
  time: number;
}

/** Rates between two samples (diskIoRates), per second. */
export interface DiskIoRate {
  diskName: string;
  readBytesPerSecond: number;
  writeBytesPerSecond: number;
  readOpsPerSecond: number;
  writeOpsPerSecond: number;
  /** A counter went backwards (device re-created or driver reloaded): counted from 0. */
  reset: boolean;
}
