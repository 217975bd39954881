import type { ContainerMemStats } from '../types/container.js';
import type { CpuStats, PerCpuTicks } from '../types/cpu.js';
import type { DiskIoStats } from '../types/disk.js';
import type { FsStats } from '../types/fs.js';
import type { HostInfo } from '../types/host.js';
import type { LoadStats } from '../types/load.js';
import type { MemStats } from '../types/mem.js';
import type { Meminfo } from '../types/meminfo.js';
import type { NetworkIoStats } from '../types/net.js';
import type { MemPressure } from '../types/pressure.js';
import type { SwapStats } from '../types/swap.js';

/*
 * What sysgrab exports to Prometheus, as pure tables: each collector turns
 * the getters' results into metric families with node_exporter's (or
 * cAdvisor's) names, help texts, types and units, so that dashboards written
 * for those exporters work unchanged. Nothing here reads the system or knows
 * prom-client: prometheus.ts and exporter/ feed these from source.ts, and
 * the tests feed them fixtures. Sources (node_exporter tag v1.5.0):
 * collector/meminfo.go, meminfo_linux.go, memory_bsd.go, zfs.go,
 * zfs_freebsd.go, pressure_linux.go, cpu_common.go, cpu_linux.go,
 * loadavg.go, stat_linux.go, boot_time_bsd.go, filesystem_common.go,
 * filesystem_linux.go, filesystem_bsd.go, diskstats_common.go,
 * diskstats_linux.go, netdev_common.go, netdev_linux.go; node_swap_* from
 * collector/swap_linux.go of v1.10.0; container_* from cAdvisor's
 * lib/metrics/prometheus.go.
 */

export type MetricType = 'gauge' | 'counter';

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
}

export interface Sample {
  labels: Record<string, string> | undefined;
  value: number;
}

/** One family's samples from one reading; an empty list drops the family from that scrape. */
export interface FamilySamples {
  family: Family;
  samples: Sample[];
}

/** The collectors, named as node_exporter's `--collector.<name>` flags (cAdvisor's metrics under `container`). */
export type CollectorName = 'meminfo' | 'swap' | 'zfs' | 'pressure' | 'container' | 'cpu' | 'loadavg' | 'stat' | 'boottime' | 'filesystem' | 'diskstats' | 'netdev';

/** What a collector gets: the getters' results of this scrape, read once (host scope unless named). */
export interface Readings {
  meminfo(): Meminfo;
  memStats(): MemStats;
  swapStats(): SwapStats;
  memPressure(): MemPressure | undefined;
  containerMemStats(): ContainerMemStats | null;
  /** The cgroup's own memory.pressure (cgroup2), never the host's in its place. */
  containerPressure(): MemPressure | undefined;
  cpuStats(): CpuStats;
  loadStats(): LoadStats;
  hostInfo(): HostInfo;
  /** getFsStats({ filter: 'all' }): every mount but network ones (see FILESYSTEM). */
  fsStats(): FsStats[];
  diskIoStats(): DiskIoStats[];
  networkIoStats(): NetworkIoStats[];
}

/**
 * What a collector keeps from one scrape to the next (one per collector and
 * Source): node_exporter's cpu collector keeps its last counters so that
 * they never go back.
 */
export interface Carry {
  value: unknown;
}

export interface Collector {
  name: CollectorName;
  /** One line for `--help`. */
  description: string;
  /** Platforms it runs on. */
  platforms: readonly string[];
  /**
   * The families of this collector that are known without reading the
   * system; meminfo's depend on the kernel and come from its first reading.
   */
  staticFamilies(platform: string): Family[];
  /**
   * The families and samples of one reading, or undefined when the system
   * has nothing to report (no ZFS loaded, /proc/swaps unreadable):
   * node_exporter's ErrNoData. A getter's throw propagates: source.ts counts it.
   */
  collect(r: Readings, platform: string, carry: Carry): FamilySamples[] | undefined;
}

const gauge = (name: string, help: string, labelNames: readonly string[] = []): Family => ({ name, help, type: 'gauge', labelNames });
const counter = (name: string, help: string, labelNames: readonly string[] = []): Family => ({ name, help, type: 'counter', labelNames });
const one = (family: Family, value: number | undefined): FamilySamples => ({ family, samples: value === undefined ? [] : [{ labels: undefined, value }] });

/**
 * node_exporter's name for a /proc/meminfo key (meminfo_linux.go
 * parseMemInfo, meminfo.go Update): `(x)` becomes `_x`; a line with a `kB`
 * unit gets `_bytes`; a key ending in `_total` is a counter (none on Linux:
 * `HugePages_Total` is capitalised). The kernel prints no unit only on the
 * four HugePages_* counts (fs/proc/meminfo.c prints every other line with
 * show_val_kb; hugetlb_report_meminfo prints those counts bare), which is how
 * the unit is known from the key; test/backend/linux/meminfo.test.ts checks
 * that on every fixture.
 */
export function meminfoFamily(key: string): Family | undefined {
  const base = key.replace(/\((.*)\)/, '_$1');
  const field = /^HugePages_/.test(key) ? base : `${base}_bytes`;
  const name = `node_memory_${field}`;
  // A crafted file can hold any key; a metric name cannot.
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) return undefined;
  return { name, help: `Memory information field ${field}.`, type: field.endsWith('_total') ? 'counter' : 'gauge', labelNames: [] };
}

// meminfoFamily() of the keys seen so far: a kernel prints the same few
// dozen on every read. Bounded, for files a test or a fuzzer crafts.
const familyOfKey = new Map<string, Family | null>();
const MAX_KNOWN_KEYS = 1024;

/** The families of one getMeminfo() result, in the file's order. */
export function meminfoFamilies(m: Meminfo): FamilySamples[] {
  const out: FamilySamples[] = [];
  for (const key in m) {
    let family = familyOfKey.get(key);
    if (family === undefined) {
      family = meminfoFamily(key) ?? null;
      if (familyOfKey.size < MAX_KNOWN_KEYS) familyOfKey.set(key, family);
    }
    if (family !== null) out.push(one(family, m[key]));
  }
  return out;
}

/** FreeBSD's memory_bsd.go families (help texts as written there). */
export const FREEBSD_MEMORY = {
  size: gauge('node_memory_size_bytes', 'Total physical memory size'),
  free: gauge('node_memory_free_bytes', 'Unallocated, available for allocation'),
  active: gauge('node_memory_active_bytes', 'Recently used by userland'),
  inactive: gauge('node_memory_inactive_bytes', 'Not recently used by userland'),
  wired: gauge('node_memory_wired_bytes', 'Locked in memory by kernel, mlock, etc'),
  laundry: gauge('node_memory_laundry_bytes', 'Dirty not recently used by userland'),
  cache: gauge('node_memory_cache_bytes', 'Almost free, backed by swap or files, available for re-allocation'),
  swapSize: gauge('node_memory_swap_size_bytes', 'Total swap memory size'),
  swapUsed: gauge('node_memory_swap_used_bytes', 'Currently allocated swap'),
} as const;

/**
 * memory_bsd.go's figures from MemStats/SwapStats. node_exporter's `free` is
 * the free queue alone (v_free_count); sysgrab's `free` is libstatgrab's
 * free + inactive + cache queues, so the queue is taken back out (exact: all
 * three are page counts x page size). Not exported: buffer_bytes
 * (vfs.bufspace, which sysgrab does not read: it overlaps wired and
 * inactive) and user_wired_bytes.
 */
export function freebsdMemoryFamilies(mem: MemStats, swap: SwapStats): FamilySamples[] {
  const F = FREEBSD_MEMORY;
  const freeQueue = Math.max(0, mem.free - (mem.inactive ?? 0) - mem.cache);
  return [
    one(F.size, mem.total),
    one(F.free, freeQueue),
    one(F.active, mem.active),
    one(F.inactive, mem.inactive),
    one(F.wired, mem.wired),
    one(F.laundry, mem.laundry),
    one(F.cache, mem.cache),
    one(F.swapSize, swap.total),
    one(F.swapUsed, swap.used),
  ];
}

/** Per-device swap: node_exporter 1.10's swap collector (not in 1.5), without its `swap_type` label. */
export const SWAP_DEVICE = {
  size: gauge('node_swap_size_bytes', 'Swap device size in bytes.', ['device']),
  used: gauge('node_swap_used_bytes', 'Swap device used in bytes.', ['device']),
} as const;

export function swapDeviceFamilies(swap: SwapStats): FamilySamples[] | undefined {
  if (swap.devices === undefined) return undefined;
  const size: Sample[] = [];
  const used: Sample[] = [];
  for (const d of swap.devices) {
    size.push({ labels: { device: d.name }, value: d.total });
    used.push({ labels: { device: d.name }, value: d.used });
  }
  return [
    { family: SWAP_DEVICE.size, samples: size },
    { family: SWAP_DEVICE.used, samples: used },
  ];
}

/**
 * ZFS ARC size and bounds. FreeBSD (zfs_freebsd.go): gauges with `_bytes`.
 * Linux (zfs.go): `node_zfs_arc_<kstat>`, untyped in node_exporter, help the
 * kstat path; prom-client has no untyped, so they are gauges here.
 */
export function arcFamilies(platform: string): [Family, Family, Family] {
  if (platform === 'freebsd') {
    return [gauge('node_zfs_arcstats_size_bytes', 'ZFS ARC size'), gauge('node_zfs_arcstats_c_min_bytes', 'ZFS ARC minimum size'), gauge('node_zfs_arcstats_c_max_bytes', 'ZFS ARC maximum size')];
  }
  return [gauge('node_zfs_arc_size', 'kstat.zfs.misc.arcstats.size'), gauge('node_zfs_arc_c_min', 'kstat.zfs.misc.arcstats.c_min'), gauge('node_zfs_arc_c_max', 'kstat.zfs.misc.arcstats.c_max')];
}

/** pressure_linux.go's memory families (cpu and io need a PSI getter for those resources). */
export const PRESSURE = {
  waiting: counter('node_pressure_memory_waiting_seconds_total', 'Total time in seconds that processes have waited for memory'),
  stalled: counter('node_pressure_memory_stalled_seconds_total', 'Total time in seconds no process could make progress due to memory congestion'),
} as const;

/**
 * PSI totals (microseconds) in seconds, as node_exporter computes them:
 * `float64(total)/1000.0/1000.0`, two divisions, so that the doubles are
 * the same (3220104 gives 3.2201039999999996, where one division by 1e6
 * gives 3.220104).
 */
export const psiSeconds = (microseconds: number): number => microseconds / 1000 / 1000;

/** A line MemPressure leaves out leaves its family empty (Linux's memory PSI files print both). */
export function pressureFamilies(p: MemPressure): FamilySamples[] {
  return [one(PRESSURE.waiting, p.some && psiSeconds(p.some.total)), one(PRESSURE.stalled, p.full && psiSeconds(p.full.total))];
}

/** cAdvisor's container families (help texts as written there), labelled by the cgroup path as cAdvisor's `id`. */
export const CONTAINER = {
  usage: gauge('container_memory_usage_bytes', 'Current memory usage in bytes, including all memory regardless of when it was accessed', ['id']),
  workingSet: gauge('container_memory_working_set_bytes', 'Current working set in bytes.', ['id']),
  maxUsage: gauge('container_memory_max_usage_bytes', 'Maximum memory usage recorded in bytes', ['id']),
  cache: gauge('container_memory_cache', 'Number of bytes of page cache memory.', ['id']),
  rss: gauge('container_memory_rss', 'Size of RSS in bytes.', ['id']),
  kernel: gauge('container_memory_kernel_usage', 'Size of kernel memory allocated in bytes.', ['id']),
  swap: gauge('container_memory_swap', 'Container swap usage in bytes.', ['id']),
  limit: gauge('container_spec_memory_limit_bytes', 'Memory limit for the container.', ['id']),
  oomEvents: counter('container_oom_events_total', 'Count of out of memory events observed for the container', ['id']),
  pressureWaiting: counter('container_pressure_memory_waiting_seconds_total', 'Total time duration tasks in the container have waited due to memory congestion.', ['id']),
  pressureStalled: counter('container_pressure_memory_stalled_seconds_total', 'Total time duration no tasks in the container could make progress due to memory congestion.', ['id']),
} as const;

/**
 * cAdvisor's figures from ContainerMemStats. Where cAdvisor writes 0 for "no
 * limit" (specMemoryValue), the series is left out: sysgrab never reports a
 * made-up number, and dashboards filter `> 0` either way. cAdvisor's PSI is
 * one division by 1e6. A jail seen from inside (no figures) gives nothing.
 * Not exported: cAdvisor's container_memory_failcnt, a counter without the
 * `_total` every counter needs (promtool flags it; OpenMetrics would rename
 * it).
 */
export function containerFamilies(c: ContainerMemStats, pressure: MemPressure | undefined): FamilySamples[] {
  const C = CONTAINER;
  const labels = { id: c.path ?? '/' };
  const at = (family: Family, value: number | undefined): FamilySamples => ({ family, samples: value === undefined ? [] : [{ labels, value }] });
  return [
    at(C.usage, c.usage),
    at(C.workingSet, c.workingSet),
    at(C.maxUsage, c.peak),
    at(C.cache, c.file),
    at(C.rss, c.anon),
    at(C.kernel, c.kernel),
    at(C.swap, c.swap?.usage),
    at(C.limit, c.limit),
    at(C.oomEvents, c.events?.oomKill),
    at(C.pressureWaiting, pressure?.some && pressure.some.total / 1e6),
    at(C.pressureStalled, pressure?.full && pressure.full.total / 1e6),
  ];
}

/** cpu_common.go and cpu_linux.go's families. */
export const CPU = {
  seconds: counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', ['cpu', 'mode']),
  guest: counter('node_cpu_guest_seconds_total', 'Seconds the CPUs spent in guests (VMs) for each mode.', ['cpu', 'mode']),
} as const;

/**
 * /proc/stat counts in USER_HZ ticks, 100 a second wherever Linux exports
 * them (the kernel converts from its own HZ); procfs divides by 100 as well.
 */
export const USER_HZ = 100;

/** The modes of node_cpu_seconds_total in cpu_linux.go's order, with the CpuTicks field each comes from. */
const CPU_MODES = [
  ['user', 'user'],
  ['nice', 'nice'],
  ['system', 'kernel'],
  ['idle', 'idle'],
  ['iowait', 'iowait'],
  ['irq', 'irq'],
  ['softirq', 'softirq'],
  ['steal', 'steal'],
] as const;
const GUEST_MODES = [
  ['user', 'guest'],
  ['nice', 'guestNice'],
] as const;
/** Every field the guard keeps, in one row per CPU. */
export const CPU_FIELDS = [...CPU_MODES.map(([, f]) => f), ...GUEST_MODES.map(([, f]) => f)];
const IDLE = CPU_FIELDS.indexOf('idle');

/**
 * A CPU's seconds as node_exporter last reported them: one row per CPU
 * number, one column per CPU_FIELDS entry (undefined where the kernel
 * prints no such column).
 */
export type CpuSeconds = Map<number, (number | undefined)[]>;

/** node_exporter's jumpBackSeconds: an idle counter this far back is a CPU that went away and came back. */
export const CPU_JUMP_BACK_SECONDS = 3;

/**
 * Counters that never go back, as cpu_linux.go's updateCPUStats keeps them:
 * each field is the larger of the last reported value and the new one (an
 * iowait or idle count that dips, as Linux's can, would read as a counter
 * reset and a spike in rate()); a CPU whose idle went back by 3 s or more
 * starts afresh (hot-unplugged and back), and so does every CPU when the set
 * of CPUs changes. Pure: returns the next state.
 */
export function guardCpuSeconds(previous: CpuSeconds | undefined, perCpu: readonly PerCpuTicks[]): CpuSeconds {
  const next: CpuSeconds = new Map();
  const sameSet = previous !== undefined && previous.size === perCpu.length && perCpu.every((c) => previous.has(c.cpu));
  for (const c of perCpu) {
    const now = CPU_FIELDS.map((f) => (c[f] === undefined ? undefined : c[f] / USER_HZ));
    let last = sameSet ? previous.get(c.cpu) : undefined;
    if (last !== undefined && (last[IDLE] ?? 0) - (now[IDLE] ?? 0) >= CPU_JUMP_BACK_SECONDS) last = undefined;
    next.set(
      c.cpu,
      now.map((v, i) => {
        const was = last?.[i];
        return v === undefined || was === undefined || v >= was ? v : was;
      }),
    );
  }
  return next;
}

/**
 * node_cpu_seconds_total{cpu,mode} and node_cpu_guest_seconds_total{cpu,mode}
 * from guarded seconds. Where node_exporter differs: a mode whose column the
 * kernel does not print (steal before 2.6.11, guest before 2.6.24) has no
 * series rather than a 0, and a CPU the kernel does not list (offline) has
 * none, where node_exporter fills numbering gaps with zeros.
 */
export function cpuFamilies(seconds: CpuSeconds): FamilySamples[] {
  const modes: Sample[] = [];
  const guest: Sample[] = [];
  for (const [cpu, row] of seconds) {
    const label = String(cpu);
    CPU_MODES.forEach(([mode], i) => {
      const v = row[i];
      if (v !== undefined) modes.push({ labels: { cpu: label, mode }, value: v });
    });
    GUEST_MODES.forEach(([mode], i) => {
      const v = row[CPU_MODES.length + i];
      if (v !== undefined) guest.push({ labels: { cpu: label, mode }, value: v });
    });
  }
  return [
    { family: CPU.seconds, samples: modes },
    { family: CPU.guest, samples: guest },
  ];
}

/** loadavg.go's families. */
export const LOAD = {
  load1: gauge('node_load1', '1m load average.'),
  load5: gauge('node_load5', '5m load average.'),
  load15: gauge('node_load15', '15m load average.'),
} as const;

export function loadFamilies(l: LoadStats): FamilySamples[] {
  return [one(LOAD.load1, l.min1), one(LOAD.load5, l.min5), one(LOAD.load15, l.min15)];
}

/**
 * stat_linux.go's families that sysgrab's getters read. Not served:
 * node_forks_total, node_procs_running and node_procs_blocked (/proc/stat's
 * processes, procs_running and procs_blocked lines, which no getter reads;
 * getProcessCount() counts processes by state, a different figure from the
 * scheduler's runnable and I/O-blocked tasks) and node_softirqs_total (off
 * by default in node_exporter too).
 */
export const STAT = {
  interrupts: counter('node_intr_total', 'Total number of interrupts serviced.'),
  contextSwitches: counter('node_context_switches_total', 'Total number of context switches.'),
  bootTime: gauge('node_boot_time_seconds', 'Node boot time, in unixtime.'),
} as const;

export function statFamilies(cpu: CpuStats, host: HostInfo): FamilySamples[] {
  return [one(STAT.interrupts, cpu.interrupts), one(STAT.contextSwitches, cpu.contextSwitches), one(STAT.bootTime, host.bootTime)];
}

/** boot_time_bsd.go's family (FreeBSD's kern.boottime, microseconds kept: sec + usec / 1e6 there and in getHostInfo). */
export const BOOT_TIME_BSD = gauge('node_boot_time_seconds', 'Unix time of last boot, including microseconds.');

/** filesystem_common.go's families that FsStats can fill, labelled as there. */
const FS_LABELS = ['device', 'fstype', 'mountpoint'] as const;
export const FILESYSTEM = {
  size: gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', FS_LABELS),
  free: gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.', FS_LABELS),
  avail: gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', FS_LABELS),
  files: gauge('node_filesystem_files', 'Filesystem total file nodes.', FS_LABELS),
  filesFree: gauge('node_filesystem_files_free', 'Filesystem total free file nodes.', FS_LABELS),
  readonly: gauge('node_filesystem_readonly', 'Filesystem read-only status.', FS_LABELS),
  deviceError: gauge('node_filesystem_device_error', 'Whether an error occurred while getting statistics for the given device.', FS_LABELS),
} as const;

/**
 * node_exporter 1.5's default --collector.filesystem.mount-points-exclude
 * and fs-types-exclude, per platform. Linux: as the 1.5.0 build the tests
 * compare against (Debian's) prints them in --help; FreeBSD:
 * filesystem_freebsd.go's defMountPointsExcluded and defFSTypesExcluded.
 */
export const FILESYSTEM_EXCLUDE: Record<string, { mountPoints: RegExp; fsTypes: RegExp }> = {
  linux: {
    mountPoints: /^\/(dev|proc|run|sys|mnt|media|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/,
    fsTypes:
      /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/,
  },
  freebsd: { mountPoints: /^\/(dev)($|\/)/, fsTypes: /^devfs$/ },
};

/**
 * The filesystem collector from getFsStats({ filter: 'all' }), less what
 * node_exporter's default excludes leave out. Sizes are blocks x f_bsize,
 * as node_exporter computes them (Linux Statfs_t.Bsize, FreeBSD f_bsize).
 * Where it differs: a mount whose statfs fails is left out (getFsStats
 * drops it) rather than given node_filesystem_device_error 1, so
 * device_error is 0 on every mount served; on Linux, network mounts (nfs,
 * cifs, sshfs...) are left out, as the synchronous getFsStats never
 * statfs's one (a dead server would hang the scrape; node_exporter spends
 * its mount-timeout on it instead). FreeBSD's getmntinfo(MNT_NOWAIT)
 * answers from the kernel's cache, so there they are served, as
 * node_exporter serves them.
 */
export function filesystemFamilies(list: readonly FsStats[], platform: string): FamilySamples[] {
  const exclude = FILESYSTEM_EXCLUDE[platform] ?? FILESYSTEM_EXCLUDE.linux!;
  const F = FILESYSTEM;
  const out = new Map<Family, Sample[]>(Object.values(F).map((f) => [f, []]));
  for (const fs of list) {
    if (exclude.mountPoints.test(fs.mntPoint) || exclude.fsTypes.test(fs.fsType)) continue;
    const labels = { device: fs.deviceName, fstype: fs.fsType, mountpoint: fs.mntPoint };
    const add = (f: Family, value: number) => out.get(f)!.push({ labels, value });
    add(F.size, fs.totalBlocks * fs.blockSize);
    add(F.free, fs.freeBlocks * fs.blockSize);
    add(F.avail, fs.availBlocks * fs.blockSize);
    add(F.files, fs.totalInodes);
    add(F.filesFree, fs.freeInodes);
    add(F.readonly, fs.readOnly ? 1 : 0);
    add(F.deviceError, 0);
  }
  return [...out].map(([family, samples]) => ({ family, samples }));
}

/**
 * diskstats_linux.go's families that DiskIoStats carries exactly (bytes are
 * /proc/diskstats sectors x 512 in both). Not served: the merged counts,
 * read/write/discard/flush times, io_now and io_time (DiskIoStats does not
 * carry those columns), node_disk_info (udev and sysfs).
 */
export const DISKSTATS = {
  readsCompleted: counter('node_disk_reads_completed_total', 'The total number of reads completed successfully.', ['device']),
  readBytes: counter('node_disk_read_bytes_total', 'The total number of bytes read successfully.', ['device']),
  writesCompleted: counter('node_disk_writes_completed_total', 'The total number of writes completed successfully.', ['device']),
  writtenBytes: counter('node_disk_written_bytes_total', 'The total number of bytes written successfully.', ['device']),
} as const;

/** node_exporter 1.5's default --collector.diskstats.device-exclude: partitions, ram, loop and floppy devices. */
export const DISKSTATS_EXCLUDE = /^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;

export function diskstatsFamilies(list: readonly DiskIoStats[]): FamilySamples[] {
  const D = DISKSTATS;
  const out = new Map<Family, Sample[]>(Object.values(D).map((f) => [f, []]));
  for (const d of list) {
    if (DISKSTATS_EXCLUDE.test(d.diskName)) continue;
    const labels = { device: d.diskName };
    out.get(D.readsCompleted)!.push({ labels, value: d.readOps });
    out.get(D.readBytes)!.push({ labels, value: d.readBytes });
    out.get(D.writesCompleted)!.push({ labels, value: d.writeOps });
    out.get(D.writtenBytes)!.push({ labels, value: d.writeBytes });
  }
  return [...out].map(([family, samples]) => ({ family, samples }));
}

const netdevCounter = (field: string) => counter(`node_network_${field}_total`, `Network device statistic ${field}.`, ['device']);

/**
 * netdev_common.go's node_network_<field>_total for the /proc/net/dev
 * columns NetworkIoStats carries. Not served: drop, fifo, frame,
 * compressed, multicast, carrier and nohandler (NetworkIoStats does not
 * carry them).
 */
export const NETDEV = {
  receiveBytes: netdevCounter('receive_bytes'),
  receivePackets: netdevCounter('receive_packets'),
  receiveErrs: netdevCounter('receive_errs'),
  transmitBytes: netdevCounter('transmit_bytes'),
  transmitPackets: netdevCounter('transmit_packets'),
  transmitErrs: netdevCounter('transmit_errs'),
  transmitColls: netdevCounter('transmit_colls'),
} as const;

/** node_exporter 1.5's default --collector.netdev.device-exclude, as its Debian build prints it in --help. */
export const NETDEV_EXCLUDE = /^lo$/;

/** Linux only: FreeBSD's node_exporter (netdev_bsd.go) has other fields for collisions, and sysgrab's FreeBSD reader is not compared with it. */
export function netdevFamilies(list: readonly NetworkIoStats[]): FamilySamples[] {
  const N = NETDEV;
  const out = new Map<Family, Sample[]>(Object.values(N).map((f) => [f, []]));
  for (const n of list) {
    if (NETDEV_EXCLUDE.test(n.interfaceName)) continue;
    const labels = { device: n.interfaceName };
    const add = (f: Family, value: number) => out.get(f)!.push({ labels, value });
    add(N.receiveBytes, n.rx);
    add(N.receivePackets, n.ipackets);
    add(N.receiveErrs, n.ierrors);
    add(N.transmitBytes, n.tx);
    add(N.transmitPackets, n.opackets);
    add(N.transmitErrs, n.oerrors);
    add(N.transmitColls, n.collisions);
  }
  return [...out].map(([family, samples]) => ({ family, samples }));
}

export const COLLECTORS: readonly Collector[] = [
  {
    name: 'meminfo',
    description: 'memory: every /proc/meminfo field (Linux), memory_bsd figures (FreeBSD), as node_memory_*',
    platforms: ['linux', 'freebsd'],
    staticFamilies: (platform) => (platform === 'freebsd' ? Object.values(FREEBSD_MEMORY) : []),
    collect: (r, platform) => (platform === 'freebsd' ? freebsdMemoryFamilies(r.memStats(), r.swapStats()) : meminfoFamilies(r.meminfo())),
  },
  {
    name: 'swap',
    description: 'per swap device size and use, as node_swap_{size,used}_bytes{device}',
    platforms: ['linux', 'freebsd'],
    staticFamilies: () => Object.values(SWAP_DEVICE),
    collect: (r) => swapDeviceFamilies(r.swapStats()),
  },
  {
    name: 'zfs',
    description: 'ZFS ARC size and bounds, as node_zfs_arc* (when ZFS is loaded)',
    platforms: ['linux', 'freebsd'],
    staticFamilies: (platform) => arcFamilies(platform),
    collect: (r, platform) => {
      const arc = r.memStats().arc;
      if (arc === undefined) return undefined;
      const [size, min, max] = arcFamilies(platform);
      return [one(size, arc.size), one(min, arc.min), one(max, arc.max)];
    },
  },
  {
    name: 'pressure',
    description: 'memory pressure stall totals (PSI), as node_pressure_memory_{waiting,stalled}_seconds_total',
    platforms: ['linux'],
    staticFamilies: () => Object.values(PRESSURE),
    collect: (r) => {
      const p = r.memPressure();
      return p === undefined ? undefined : pressureFamilies(p);
    },
  },
  {
    name: 'container',
    description: "this process's cgroup (or jail) as cAdvisor's container_memory_*{id}, container_spec_memory_limit_bytes",
    platforms: ['linux', 'freebsd'],
    staticFamilies: () => Object.values(CONTAINER),
    collect: (r) => {
      const c = r.containerMemStats();
      if (c === null) return undefined;
      // The cgroup's own PSI is cgroup2's memory.pressure (a v1 memory
      // cgroup has none). Optional: the rest stands without it.
      let pressure: MemPressure | undefined;
      try {
        pressure = c.kind === 'cgroup2' ? r.containerPressure() : undefined;
      } catch {
        pressure = undefined;
      }
      return containerFamilies(c, pressure);
    },
  },
  {
    name: 'cpu',
    description: 'CPU time per CPU and mode from /proc/stat, as node_cpu_seconds_total{cpu,mode} (and guest time)',
    // FreeBSD's kern.cp_times count stathz ticks, a rate getCpuStats() does not give.
    platforms: ['linux'],
    staticFamilies: () => Object.values(CPU),
    collect: (r, _platform, carry) => {
      const seconds = guardCpuSeconds(carry.value as CpuSeconds | undefined, r.cpuStats().perCpu);
      carry.value = seconds;
      return cpuFamilies(seconds);
    },
  },
  {
    name: 'loadavg',
    description: 'load averages, as node_load1, node_load5, node_load15',
    platforms: ['linux', 'freebsd'],
    staticFamilies: () => Object.values(LOAD),
    collect: (r) => loadFamilies(r.loadStats()),
  },
  {
    name: 'stat',
    description: 'interrupts, context switches and boot time from /proc/stat, as node_intr_total, node_context_switches_total, node_boot_time_seconds',
    platforms: ['linux'],
    staticFamilies: () => Object.values(STAT),
    collect: (r) => statFamilies(r.cpuStats(), r.hostInfo()),
  },
  {
    name: 'boottime',
    description: 'boot time (kern.boottime), as node_boot_time_seconds',
    platforms: ['freebsd'],
    staticFamilies: () => [BOOT_TIME_BSD],
    collect: (r) => [one(BOOT_TIME_BSD, r.hostInfo().bootTime)],
  },
  {
    name: 'filesystem',
    description: 'mounted file systems (on Linux not network ones), as node_filesystem_{size,free,avail}_bytes, _files, _files_free, _readonly{device,fstype,mountpoint}',
    platforms: ['linux', 'freebsd'],
    staticFamilies: () => Object.values(FILESYSTEM),
    collect: (r, platform) => filesystemFamilies(r.fsStats(), platform),
  },
  {
    name: 'diskstats',
    description: 'disk reads and writes from /proc/diskstats, as node_disk_{reads,writes}_completed_total, node_disk_{read,written}_bytes_total{device}',
    // FreeBSD's node_exporter has devstat (node_devstat_*) instead.
    platforms: ['linux'],
    staticFamilies: () => Object.values(DISKSTATS),
    collect: (r) => diskstatsFamilies(r.diskIoStats()),
  },
  {
    name: 'netdev',
    description: 'network interface counters from /proc/net/dev, as node_network_{receive,transmit}_{bytes,packets,errs}_total{device}, node_network_transmit_colls_total',
    platforms: ['linux'],
    staticFamilies: () => Object.values(NETDEV),
    collect: (r) => netdevFamilies(r.networkIoStats()),
  },
];

export const COLLECTOR_NAMES: readonly CollectorName[] = COLLECTORS.map((c) => c.name);

/** The counter every scrape carries, whatever is enabled. */
export const SCRAPE_ERRORS = counter('sysgrab_scrape_errors_total', "Getter failures during scrapes, by sysgrab collector; a failing collector's series are left out of that scrape.", ['collector']);

/** node_exporter's own bookkeeping family (collector.go), which the exporter also serves. */
export const SCRAPE_SUCCESS = gauge('node_scrape_collector_success', 'node_exporter: Whether a collector succeeded.', ['collector']);
