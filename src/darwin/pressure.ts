import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { MemPressure, MemPressureLevel } from '../types/pressure.js';

/*
 * macOS memory pressure: kern.memorystatus_vm_pressure_level, the dispatch
 * level the kernel derives from its own pressure state
 * (convert_internal_pressure_level_to_dispatch_level in
 * bsd/kern/kern_memorystatus_notify.c): NOTE_MEMORYSTATUS_PRESSURE_NORMAL 1,
 * _WARN 2, _CRITICAL 4.
 */

const LEVELS: Record<number, MemPressureLevel> = { 1: 'normal', 2: 'warn', 4: 'critical' };

/** @throws StatError `PARSE` for a value the kernel does not define. */
export function pressureFromLevel(value: number): MemPressure {
  const level = LEVELS[value];
  if (level === undefined) {
    throw new StatError('PARSE', 'kern.memorystatus_vm_pressure_level', `sysctl kern.memorystatus_vm_pressure_level is ${value}, not 1 (normal), 2 (warn) or 4 (critical)`);
  }
  return { level };
}

/** @throws StatError `SYSCTL` (ENOENT included: every macOS Node runs on has it). */
export function readPressureLevel(s: Sysctl): number {
  const value = s.number('kern.memorystatus_vm_pressure_level');
  if (value === undefined) throw new StatError('SYSCTL', 'kern.memorystatus_vm_pressure_level', 'sysctl kern.memorystatus_vm_pressure_level does not exist on this system', 2);
  return value;
}
