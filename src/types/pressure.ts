/**
 * Pressure stall information (Linux PSI, Documentation/accounting/psi.rst):
 * the share of time tasks waited for memory.
 */

export interface PressureFigures {
  /** Percent of the last 10 seconds. */
  avg10: number;
  /** Percent of the last 60 seconds. */
  avg60: number;
  /** Percent of the last 300 seconds. */
  avg300: number;
  /** Total stall time since boot (or since the cgroup was created), in microseconds. */
  total: number;
}

export interface MemPressure {
  /** At least one task stalled on memory. */
  some: PressureFigures;
  /** Every non-idle task stalled on memory at once: the workload is thrashing. */
  full: PressureFigures;
}
