/**
 * Memory pressure: how hard the kernel is working to find memory.
 */

/**
 * The kernel's own verdict on macOS (`kern.memorystatus_vm_pressure_level`:
 * 1 normal, 2 warn, 4 critical; the colour of Activity Monitor's Memory
 * Pressure graph), not a figure derived from free memory.
 */
export type MemPressureLevel = 'normal' | 'warn' | 'critical';

export interface MemPressure {
  /** macOS: the kernel's pressure level. Undefined elsewhere. */
  level?: MemPressureLevel;
}
