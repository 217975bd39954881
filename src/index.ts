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
import { cpuPercents } from './diff.js';
import { closeProcFiles as closeLinuxProcFiles } from './linux/read.js';
import { resolveOptions } from './options.js';
import type { ContainerMemStats } from './types/container.js';
import type { MemStats } from './types/mem.js';
import type { Meminfo } from './types/meminfo.js';
import type { StatOptions } from './types/options.js';
import type { MemPressure } from './types/pressure.js';
import { PreviousSample } from './sampler.js';
import type { CpuPercents, CpuStats } from './types/cpu.js';
import type { HostInfo } from './types/host.js';
import type { LoadStats } from './types/load.js';
import type { PageStats } from './types/page.js';
import type { ProcessCount, ProcessStats } from './types/process.js';
import type { SwapStats } from './types/swap.js';
import type { UserStats } from './types/user.js';
import type { DiskIoStats } from './types/disk.js';
import type { FsStats, FsStatsAsyncOptions, FsStatsOptions, FsStatsResult } from './types/fs.js';
import type { NetworkIfaceStats, NetworkIoStats } from './types/net.js';

export { STAT_ERROR_CODES, StatError } from './errors.js';
export type { StatErrorCode } from './errors.js';
export { reloadEnvironment } from './options.js';
export type { CgroupMemStats, ContainerEvents, ContainerMemStats, ContainerSwap, JailMemStats } from './types/container.js';
export type { ArcStats, MemStats } from './types/mem.js';
export type { Meminfo } from './types/meminfo.js';
export type { DarwinOptions, FfiName, FreebsdOptions, OpenbsdOptions, Scope, StatOptions, Win32Options } from './types/options.js';
export type { MemPressure, MemPressureLevel, PressureFigures } from './types/pressure.js';
export type { SwapDevice, SwapStats } from './types/swap.js';
export type { CpuPercents, CpuStats, CpuTicks, PerCpuTicks } from './types/cpu.js';
export type { HostInfo, HostState } from './types/host.js';
export type { LoadStats } from './types/load.js';
export type { PageStats } from './types/page.js';
export type { ProcessCount, ProcessState, ProcessStats } from './types/process.js';
export type { UserStats } from './types/user.js';
export { cpuPercents, diffCpuStats, diffPageStats } from './diff.js';
export { diskIoDeltas, diskIoRates, networkIoDeltas, networkIoRates } from './sampler.js';
export type { DiskIoRate, DiskIoStats } from './types/disk.js';
export type { FsDeviceType, FsFilter, FsProblem, FsStats, FsStatsAsyncOptions, FsStatsOptions, FsStatsResult } from './types/fs.js';
export type { NetworkIfaceStats, NetworkIoRate, NetworkIoStats } from './types/net.js';

/**
 * Physical memory statistics, in bytes.
 *
 * - `available` is the figure to guard on: what can be given to new work
 *   without swapping (Linux MemAvailable; FreeBSD free plus the ZFS ARC
 *   above its minimum).
 * - `total`, `free`, `used`, `cache` mean what libstatgrab's do. Linux:
 *   free = MemFree + Cached. FreeBSD: free = free + inactive + cache queues.
 * - `buffers`, `shared`: Linux only. `laundry`: FreeBSD only (from 11.1).
 *   `wired`: FreeBSD, macOS, Windows, OpenBSD. `compressed`: macOS. `arc`
 *   with ZFS loaded (FreeBSD, and Linux through /proc/spl/kstat/zfs/arcstats).
 *   Absent fields are undefined; macOS, Windows and OpenBSD: see the README's
 *   platform table.
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
 * Memory pressure. Linux (PSI): `some` and `full`, the share of the last 10,
 * 60 and 300 seconds in which some (or all) tasks waited for memory, and the
 * total stall time; host scope reads /proc/pressure/memory, container scope
 * the cgroup's memory.pressure. macOS: `level`, the kernel's own verdict
 * (kern.memorystatus_vm_pressure_level: `normal`, `warn`, `critical`), the
 * colour of Activity Monitor's Memory Pressure graph.
 * undefined where the kernel gives no such signal (no PSI, or booted without
 * psi=1; Windows, OpenBSD, FreeBSD): "not available" is never reported as
 * zero or `normal`.
 * @throws StatError `PARSE` naming a malformed file, `OPEN` for an unreadable one, `SYSCTL`, `LIBRARY`.
 */
export function getMemPressure(options?: StatOptions): MemPressure | undefined {
  const o = resolveOptions(options);
  return implementation(o, 'memPressure', 'getMemPressure')(o);
}

/**
 * The machine and its kernel: uname's strings, CPU counts, uptime and boot
 * time (libstatgrab's sg_get_host_info).
 *
 * Linux: os.* (uname of the running kernel), `<sysRoot>/devices/system/cpu/
 * {online,possible}`, `<procRoot>/uptime` and the btime of `<procRoot>/stat`.
 * FreeBSD: kern.ostype, kern.osrelease, kern.version, hw.machine,
 * kern.hostname, hw.machine_arch, hw.ncpu, kern.boottime.
 * @throws StatError (`OPEN`, `PARSE`, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getHostInfo(options?: StatOptions): HostInfo {
  const o = resolveOptions(options);
  return implementation(o, 'hostInfo', 'getHostInfo')(o);
}

/**
 * CPU ticks per state since boot, for the machine and (`perCpu`) each CPU,
 * with context switch, interrupt and system call counters. Linux:
 * `<procRoot>/stat`. FreeBSD: kern.cp_time, kern.cp_times, vm.stats.sys.*.
 * Diff two readings with diffCpuStats() or cpuPercents().
 * @throws StatError (`OPEN`, `PARSE`, `SYSCTL`, `LIBRARY`, `UNSUPPORTED`).
 */
export function getCpuStats(options?: StatOptions): CpuStats {
  const o = resolveOptions(options);
  return implementation(o, 'cpuStats', 'getCpuStats')(o);
}

const previousCpu = new PreviousSample<CpuStats>();

/**
 * Where CPU time went since the previous getCpuPercents() call with the same
 * options (libstatgrab's sg_get_cpu_percents). The first call gives the
 * shares since boot, `timeTaken` then being the uptime. The previous reading
 * is the only state this keeps; cpuPercents(before, after) is the pure form.
 * @throws StatError as getCpuStats(), and getHostInfo() on the first call.
 */
export function getCpuPercents(options?: StatOptions): CpuPercents {
  const o = resolveOptions(options);
  const now = implementation(o, 'cpuStats', 'getCpuPercents')(o);
  const key = `${o.platform}\0${o.procRoot}\0${o.options?.freebsd?.libc ?? o.env.libc ?? ''}\0${o.ffi}`;
  const before = previousCpu.exchange(key, now);
  if (before !== undefined) return cpuPercents(before, now);
  const boot = implementation(o, 'hostInfo', 'getCpuPercents')(o).bootTime;
  return cpuPercents(undefined, now, Math.max(0, now.systime - boot));
}

/** Load averages over 1, 5 and 15 minutes. Linux: `<procRoot>/loadavg`. FreeBSD: vm.loadavg. */
export function getLoadStats(options?: StatOptions): LoadStats {
  const o = resolveOptions(options);
  return implementation(o, 'loadStats', 'getLoadStats')(o);
}

/**
 * Paging since boot. `pagesPagein`/`pagesPageout` keep libstatgrab's values
 * (Linux: KiB of block I/O, pgpgin/pgpgout; FreeBSD: swap pages);
 * `swapIn`/`swapOut` are pages swapped on both. Diff with diffPageStats().
 */
export function getPageStats(options?: StatOptions): PageStats {
  const o = resolveOptions(options);
  return implementation(o, 'pageStats', 'getPageStats')(o);
}

/**
 * Every process, sorted by pid. Linux: `<procRoot>/<pid>/{stat,status,cmdline}`
 * (a process that ends while it is read is left out). FreeBSD:
 * kern.proc.proc (struct kinfo_proc, checked by ki_structsize) and
 * kern.proc.args.<pid>.
 */
export function getProcessStats(options?: StatOptions): ProcessStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'processStats', 'getProcessStats')(o);
}

/** How many processes are in each state; reads only what the states need. */
export function getProcessCount(options?: StatOptions): ProcessCount {
  const o = resolveOptions(options);
  return implementation(o, 'processCount', 'getProcessCount')(o);
}

/**
 * Login sessions from the login records: Linux `/var/run/utmp` (glibc's
 * struct utmp), FreeBSD `/var/run/utx.active` (struct futx); `utmp` option /
 * SYSGRAB_UTMP to read another file. No such file: `[]`.
 */
export function getUserStats(options?: StatOptions): UserStats[] {
  const o = resolveOptions(options);
  return implementation(o, 'userStats', 'getUserStats')(o);
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
 * Every failure is a rejection (a StatError as getFsStats'), never a throw.
 */
export async function getFsStatsAsync(options?: FsStatsAsyncOptions): Promise<FsStatsResult> {
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
