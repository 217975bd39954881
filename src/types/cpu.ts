/**
 * Time the CPUs spent in each state since boot, in clock ticks (Linux
 * USER_HZ, 100 a second; FreeBSD stathz, typically 127). A state a
 * platform does not have is undefined.
 */
export interface CpuTicks {
  user: number;
  nice: number;
  /** System time. Linux `system`; FreeBSD `CP_SYS` (interrupt time is `irq`). */
  kernel: number;
  idle: number;
  /** Linux only (FreeBSD has no I/O-wait state). */
  iowait?: number;
  /** Hardware interrupts: Linux `irq`, FreeBSD `CP_INTR`. */
  irq?: number;
  /** Linux only. */
  softirq?: number;
  /** Linux only: time a hypervisor gave to other guests. */
  steal?: number;
  /** Linux only: running guests; already counted in `user`. */
  guest?: number;
  /** Linux only: running niced guests; already counted in `nice`. */
  guestNice?: number;
  /**
   * libstatgrab's total, kept for compatibility: Linux user + nice + system +
   * idle (iowait, irq, softirq and steal left out); FreeBSD all five states.
   */
  total: number;
  /** Every tick: total plus iowait, irq, softirq and steal (guest time is already in user and nice). */
  totalAll: number;
}

/** One CPU's ticks. */
export interface PerCpuTicks extends CpuTicks {
  /** The CPU's number (`cpu3` on Linux; the position in kern.cp_times on FreeBSD). */
  cpu: number;
}

/** CPU time and event counters since boot (libstatgrab's sg_cpu_stats, and more). */
export interface CpuStats extends CpuTicks {
  /** Context switches (Linux `ctxt`; FreeBSD `vm.stats.sys.v_swtch`). */
  contextSwitches: number;
  /** Not counted system-wide by Linux or FreeBSD (libstatgrab prints 0). */
  voluntaryContextSwitches?: number;
  involuntaryContextSwitches?: number;
  /** FreeBSD `vm.stats.sys.v_syscall`; Linux does not count them (undefined). */
  syscalls?: number;
  /** FreeBSD `vm.stats.sys.v_trap` (page faults and other traps, not system calls). */
  traps?: number;
  /** Hardware interrupts serviced (Linux first number of `intr`; FreeBSD `v_intr`). */
  interrupts: number;
  /** Software interrupts (Linux first number of `softirq`, undefined before 2.6.?; FreeBSD `v_soft`). */
  softInterrupts?: number;
  /** When this was read: seconds since the epoch (libstatgrab's systime). */
  systime: number;
  /** One entry per CPU the kernel lists. */
  perCpu: PerCpuTicks[];
}

/** Where the CPU time went between two CpuStats, in percent of every tick. */
export interface CpuPercents {
  user: number;
  kernel: number;
  idle: number;
  /** Linux only. */
  iowait?: number;
  nice: number;
  irq?: number;
  softirq?: number;
  steal?: number;
  /** Seconds between the two readings (libstatgrab's time_taken). */
  timeTaken: number;
  /** Ticks elapsed (totalAll difference); 0 means nothing could be measured and every share is 0. */
  ticks: number;
}
