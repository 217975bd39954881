/**
 * libstatgrab's sg_host_state. Neither Linux nor FreeBSD tells; libstatgrab
 * reports `unknown` there, and so does sysgrab.
 */
export type HostState = 'unknown' | 'physical' | 'virtual' | 'paravirtual' | 'hardware-virtualized';

/** The machine and its kernel (libstatgrab's sg_host_info). */
export interface HostInfo {
  /** uname sysname: `Linux`, `FreeBSD`. */
  osName: string;
  /** uname release: `6.1.0-13-amd64`, `14.0-RELEASE`. */
  osRelease: string;
  /** uname version: the kernel's build string. */
  osVersion: string;
  /** uname machine: `x86_64`, `aarch64` (Linux); `amd64`, `arm64` (FreeBSD). */
  platform: string;
  /** uname nodename. */
  hostname: string;
  /** Bits of the kernel's word: 64 or 32. */
  bitwidth: number;
  hostState: HostState;
  /** CPUs online (Linux sysfs `cpu/online`; FreeBSD `hw.ncpu`). */
  ncpus: number;
  /** CPUs the kernel can bring up (Linux sysfs `cpu/possible`; FreeBSD `hw.ncpu`). libstatgrab's maxcpus, statgrab's `general.ncpus_cfg`. */
  maxcpus: number;
  /** Whole seconds since boot (libstatgrab truncates; so does statgrab's `general.uptime`). */
  uptime: number;
  /** When the machine booted, seconds since the epoch (Linux `btime` of /proc/stat, whole seconds; FreeBSD `kern.boottime`, with microseconds). */
  bootTime: number;
}
