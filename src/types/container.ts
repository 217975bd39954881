/**
 * Memory as the container a process runs in sees it: a Linux cgroup (v1 or
 * v2) or a FreeBSD jail. All sizes are in bytes. A figure the kernel does not
 * give is `undefined`, never a made-up 0.
 */

/** Swap of the cgroup or jail. */
export interface ContainerSwap {
  /** The smallest swap limit up the tree (v2 `memory.swap.max`; v1 memsw limit − memory limit; jail `swapuse:deny`). */
  limit?: number;
  /** Swap in use (v2 `memory.swap.current`; v1 memsw usage − usage; jail `swapuse`). */
  usage: number;
}

/** Event counters since the cgroup was created (v2 `memory.events`, hierarchical). */
export interface ContainerEvents {
  /** Reclaimed below its `memory.low` protection. */
  low?: number;
  /** Throttled for going over `memory.high`. */
  high?: number;
  /** About to go over `memory.max` (v1: `memory.failcnt`, the times usage hit the limit). */
  max?: number;
  /** Reached the limit with an allocation about to fail. */
  oom?: number;
  /** Processes killed by the OOM killer (v1: `memory.oom_control` oom_kill, from Linux 4.13). */
  oomKill?: number;
}

/** What cgroups and jails have in common. */
interface ContainerCommon {
  /** The effective hard limit: the smallest over the cgroup and its ancestors (jail: the jail-wide `memoryuse:deny` rule); undefined when there is none. */
  limit?: number;
  /** Which cgroup set `limit`, as /proc/self/cgroup names cgroups (jail: the jail's name); undefined when it cannot be seen from here. */
  limitPath?: string;
  /** v2 throttle point: the smallest `memory.high` up the tree. */
  high?: number;
  /**
   * What new work can still get: with a limit, `min(limit − workingSet, host available)`,
   * floored at 0; without one, the host's available (never counting the host's ZFS ARC).
   */
  available: number;
  /** Anonymous memory (v2 `anon`; v1 `total_rss`). */
  anon?: number;
  /** Page cache, tmpfs included (v2 `file`; v1 `total_cache`). */
  file?: number;
  /** tmpfs and shared memory (v2 `shmem`; v1 `total_shmem`, from Linux 4.x). */
  shmem?: number;
  /** Kernel memory charged to the cgroup (v2 `kernel`, Linux 5.18+; v1 `memory.kmem.usage_in_bytes`). */
  kernel?: number;
  /** The highest usage recorded (v2 `memory.peak`, Linux 5.19+; v1 `memory.max_usage_in_bytes`). */
  peak?: number;
  swap?: ContainerSwap;
  events?: ContainerEvents;
}

/** A Linux cgroup (v2, or the v1 memory hierarchy). */
export interface CgroupMemStats extends ContainerCommon {
  kind: 'cgroup2' | 'cgroup1';
  /** The cgroup path as /proc/self/cgroup gives it (`/` inside a cgroup namespace). */
  path: string;
  /** `memory.current` (v2) / `memory.usage_in_bytes` (v1): the cgroup and its descendants, page cache included. */
  usage: number;
  /** `max(0, usage − inactive_file)`: what kubelet and cAdvisor call the working set, and what the OOM killer cannot take back cheaply. */
  workingSet: number;
}

/**
 * A FreeBSD jail. From inside a jail only `kind` and `available` are known:
 * the kernel refuses every RACCT/RCTL call to a jailed process, and a jail
 * cannot see its own name. The host side (`jail` option) gets the rest where
 * RACCT is enabled.
 */
export interface JailMemStats extends ContainerCommon {
  kind: 'jail';
  /** The jail's name (host side only). */
  path?: string;
  /** RACCT `memoryuse`: resident memory of the jail's processes. */
  usage?: number;
  /** Equal to `usage`: RACCT has no inactive-cache figure to take out. */
  workingSet?: number;
}

export type ContainerMemStats = CgroupMemStats | JailMemStats;
