/**
 * Memory pressure: how hard the kernel is working to find memory. Linux
 * gives stall figures (PSI), macOS its own verdict; each field is present
 * only where the platform gives it.
 */

/** Pressure stall information (Linux PSI, Documentation/accounting/psi.rst): the share of time tasks waited for memory. */
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

/**
 * The kernel's own verdict on macOS (`kern.memorystatus_vm_pressure_level`:
 * 1 normal, 2 warn, 4 critical; the colour of Activity Monitor's Memory
 * Pressure graph), not a figure derived from free memory.
 */
export type MemPressureLevel = 'normal' | 'warn' | 'critical';

export interface MemPressure {
  /** Linux: at least one task stalled on memory. */
  some?: PressureFigures;
  /** Linux: every non-idle task stalled on memory at once: the workload is thrashing. */
  full?: PressureFigures;
  /** macOS: the kernel's pressure level. */
  level?: MemPressureLevel;
}
