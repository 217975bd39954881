/*
 * What sysgrab's Prometheus exposition has that node_exporter 1.5 (with the
 * meminfo and pressure collectors) lacks, and the reverse, each with why.
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
]);

export const listed = (list: Map<RegExp, string>, name: string): boolean => [...list.keys()].some((re) => re.test(name));
