import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleKey } from './exposition.js';

/*
 * What sysgrab's Prometheus exposition has that node_exporter 1.5 (with the
 * meminfo, pressure, zfs, cpu, loadavg and stat collectors) lacks, and the
 * reverse, each with why.
 * The comparisons fail on any family not listed here, so a misnamed family
 * cannot pass as "sysgrab-only".
 */

/** Families sysgrab exposes and node_exporter 1.5 does not. */
export const SYSGRAB_ONLY = new Map<RegExp, string>([
  [/^node_swap_(size|used)_bytes$/, 'per-device swap: node_exporter 1.10 names (swap collector), not in 1.5'],
  [/^node_zfs_arc_(size|c_min|c_max)$/, "ZFS ARC: node_exporter's zfs collector, where it is not enabled"],
  [/^sysgrab_scrape_errors(_total)?$/, "sysgrab's getter failure counter"],
  [/^container_/, "cAdvisor's names for this process's cgroup (no node_exporter collector has them)"],
  [/^node_pressure_memory_/, 'node_exporter 1.5 reads /proc/pressure/cpu first and reports no pressure at all without it (fixtures with only pressure/memory)'],
  [/^(process|nodejs)_/, "the exporter's own process metrics (prom-client's; node_exporter has Go's)"],
]);

/** Families node_exporter 1.5 exposes with those collectors and sysgrab does not. */
export const NODE_EXPORTER_ONLY = new Map<RegExp, string>([
  [/^node_pressure_(cpu|io)_/, 'CPU and IO pressure: sysgrab has a memory PSI getter only'],
  [/^promhttp_metric_handler_/, "client_golang's HTTP handler bookkeeping"],
  [/^node_scrape_collector_duration_seconds$/, 'a timing, never comparable; sysgrab serves node_scrape_collector_success only'],
  [/^node_exporter_build_info$/, "node_exporter's build"],
  [/^(go|process)_/, "node_exporter's own Go process metrics"],
  [/^node_zfs_(?!arc_(size|c_min|c_max)$)/, 'every other ZFS kstat (sysgrab reads the ARC size and bounds)'],
  [/^node_(forks_total|procs_running|procs_blocked)$/, "/proc/stat's processes, procs_running and procs_blocked lines: no sysgrab getter reads them"],
  [/^node_cpu_(core_throttles_total|package_throttles_total|isolated)$/, 'sysfs thermal throttle counters and isolated CPUs: no sysgrab getter reads them'],
  [
    /^node_disk_(reads_merged|writes_merged|read_time_seconds|write_time_seconds|io_time_seconds|io_time_weighted_seconds|discards_completed|discards_merged|discarded_sectors|discard_time_seconds|flush_requests|flush_requests_time_seconds)_total$|^node_disk_(io_now|info)$/,
    '/proc/diskstats columns DiskIoStats does not carry (merges, times, in flight, discards, flushes) and udev/sysfs device info',
  ],
  [/^node_network_(receive_(drop|fifo|frame|compressed|multicast|nohandler)|transmit_(drop|fifo|carrier|compressed))_total$/, '/proc/net/dev columns NetworkIoStats does not carry'],
]);

/**
 * The node_cpu_* samples node_exporter 1.5 makes up as 0 for a procfs tree,
 * which sysgrab leaves out: modes whose column a `cpuN` line does not have
 * (procfs scans ten numbers and leaves the rest 0: steal before Linux 2.6.11,
 * guest before 2.6.24, guest_nice before 2.6.33), and every mode of a CPU
 * number missing below the highest (procfs grows its slice by index).
 */
export function nodeExporterCpuZeros(procRoot: string): Set<string> {
  const out = new Set<string>();
  const file = join(procRoot, 'stat');
  if (!existsSync(file)) return out;
  const modes: [string, string, number][] = [
    ['node_cpu_seconds_total', 'user', 0],
    ['node_cpu_seconds_total', 'nice', 1],
    ['node_cpu_seconds_total', 'system', 2],
    ['node_cpu_seconds_total', 'idle', 3],
    ['node_cpu_seconds_total', 'iowait', 4],
    ['node_cpu_seconds_total', 'irq', 5],
    ['node_cpu_seconds_total', 'softirq', 6],
    ['node_cpu_seconds_total', 'steal', 7],
    ['node_cpu_guest_seconds_total', 'user', 8],
    ['node_cpu_guest_seconds_total', 'nice', 9],
  ];
  const columns = new Map<number, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (m) columns.set(Number(m[1]), m[2]!.trim().split(/\s+/).length);
  }
  const highest = Math.max(-1, ...columns.keys());
  for (let cpu = 0; cpu <= highest; cpu++) {
    const n = columns.get(cpu) ?? 0;
    for (const [family, mode, column] of modes) if (column >= n) out.add(sampleKey(family, { cpu: String(cpu), mode }));
  }
  return out;
}

export const listed = (list: Map<RegExp, string>, name: string): boolean => [...list.keys()].some((re) => re.test(name));
