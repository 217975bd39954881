import type { ContainerMemStats } from '../types/container.js';
import type { CpuStats, PerCpuTicks } from '../types/cpu.js';
import type { HostInfo } from '../types/host.js';
import type { LoadStats } from '../types/load.js';
import type { MemStats } from '../types/mem.js';
import type { Meminfo } from '../types/meminfo.js';
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
 * loadavg.go, stat_linux.go, boot_time_bsd.go; node_swap_* from
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
export type CollectorName = 'meminfo' | 'swap' | 'zfs' | 'pressure' | 'container' | 'cpu' | 'loadavg' | 'stat' | 'boottime';

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
];

export const COLLECTOR_NAMES: readonly CollectorName[] = COLLECTORS.map((c) => c.name);

/** The counter every scrape carries, whatever is enabled. */
export const SCRAPE_ERRORS = counter('sysgrab_scrape_errors_total', "Getter failures during scrapes, by sysgrab collector; a failing collector's series are left out of that scrape.", ['collector']);

/** node_exporter's own bookkeeping family (collector.go), which the exporter also serves. */
export const SCRAPE_SUCCESS = gauge('node_scrape_collector_success', 'node_exporter: Whether a collector succeeded.', ['collector']);
