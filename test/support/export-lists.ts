/*
 * What sysgrab's Prometheus exposition has that node_exporter 1.5 (with the
 * meminfo and pressure collectors) lacks, and the reverse, each with why.
 * The comparisons fail on any family not listed here, so a misnamed family
 * cannot pass as "sysgrab-only".
 */

/** Families sysgrab exposes and node_exporter 1.5 does not. */
export const SYSGRAB_ONLY = new Map<RegExp, string>([
  [/^node_swap_(size|used)_bytes$/, 'per-device swap: node_exporter 1.10 names (swap collector), not in 1.5'],
  [/^node_zfs_arc_(size|c_min|c_max)$/, "ZFS ARC: node_exporter's zfs collector, not enabled in this comparison"],
  [/^sysgrab_scrape_errors(_total)?$/, "sysgrab's getter failure counter"],
  [/^(process|nodejs)_/, "the exporter's own process metrics (prom-client's; node_exporter has Go's)"],
]);

/** Families node_exporter 1.5 exposes with those collectors and sysgrab does not. */
export const NODE_EXPORTER_ONLY = new Map<RegExp, string>([
  [/^node_pressure_(cpu|io|memory)_/, 'PSI: comes with getMemPressure() (issue 11)'],
  [/^promhttp_metric_handler_/, "client_golang's HTTP handler bookkeeping"],
  [/^node_scrape_collector_duration_seconds$/, 'a timing, never comparable; sysgrab serves node_scrape_collector_success only'],
  [/^node_exporter_build_info$/, "node_exporter's build"],
  [/^(go|process)_/, "node_exporter's own Go process metrics"],
]);

export const listed = (list: Map<RegExp, string>, name: string): boolean => [...list.keys()].some((re) => re.test(name));
