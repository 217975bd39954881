/** libstatgrab's process states. */
export type ProcessState = 'running' | 'sleeping' | 'stopped' | 'zombie' | 'unknown';

/** One process (libstatgrab's sg_process_stats, with corrections). */
export interface ProcessStats {
  /** The command name the kernel keeps (Linux `comm`, FreeBSD `ki_comm`). */
  processName: string;
  /** Arguments joined by spaces; `[name]` when the process has none (kernel threads, zombies). */
  proctitle: string;
  pid: number;
  /** Parent's pid. */
  parent: number;
  /** Process group. */
  pgid: number;
  /** Session (Linux stat field 6; FreeBSD `ki_sid`). */
  sessid: number;
  /** Real user id. */
  uid: number;
  /** Effective user id. */
  euid: number;
  /** Real group id. */
  gid: number;
  /** Effective group id (FreeBSD: `ki_groups[0]`). */
  egid: number;
  /** Voluntary + involuntary; undefined where the kernel does not say (Linux before 2.6.23). */
  contextSwitches?: number;
  voluntaryContextSwitches?: number;
  involuntaryContextSwitches?: number;
  /** Virtual size, bytes. */
  procSize: number;
  /** Resident set, bytes. */
  procResident: number;
  /** When it started, seconds since the epoch. */
  startTime: number;
  /** CPU time used, seconds (user + system). */
  timeSpent: number;
  /**
   * CPU use in percent of one CPU, as ps(1)'s %CPU: Linux averages over the
   * process's life; FreeBSD is the kernel's decaying average (`ki_pctcpu`).
   * A multi-threaded process can pass 100.
   */
  cpuPercent: number;
  nice: number;
  state: ProcessState;
  /** The kernel's own state: Linux's letter (`R`, `S`, `D`, `I`, `T`, `t`, `Z`, ...); FreeBSD's `SRUN`, `SSLEEP`, ... */
  stateCode: string;
  /** Threads in the process. */
  threads: number;
}

/** How many processes are in each state (libstatgrab's sg_process_count). */
export interface ProcessCount {
  total: number;
  running: number;
  sleeping: number;
  stopped: number;
  zombie: number;
  unknown: number;
}
