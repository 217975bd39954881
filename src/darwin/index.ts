import type { Backend } from '../backend.js';
import type { Resolved } from '../options.js';
import type { MemStats } from '../types/mem.js';
import type { MemPressure } from '../types/pressure.js';
import type { SwapStats } from '../types/swap.js';
import { machOf, sysctlOf } from './libs.js';
import { memStatsFromVm, readMemsize, readPageSize, readVm } from './mem.js';
import { pressureFromLevel, readPressureLevel } from './pressure.js';
import { readSwapUsage, swapStatsFromUsage } from './swap.js';

/*
 * macOS: Mach host statistics and sysctlbyname from libSystem through FFI
 * (koffi or ffi-rs, both of which ship macOS binaries).
 */

export function memStats(o: Resolved): MemStats {
  const mach = machOf(o);
  const vm = readVm(mach);
  return memStatsFromVm(vm, readPageSize(mach), readMemsize(sysctlOf(o)));
}

export function swapStats(o: Resolved): SwapStats {
  return swapStatsFromUsage(readSwapUsage(sysctlOf(o)));
}

export function memPressure(o: Resolved): MemPressure {
  return pressureFromLevel(readPressureLevel(sysctlOf(o)));
}

export const darwinBackend: Backend = {
  memStats,
  swapStats,
  // /proc/meminfo is Linux's: this platform's figures are getMemStats()'s.
  meminfo: undefined,
  memPressure,
  // No cgroups or jails here: a process is never in a container sysgrab can read.
  containerMemStats: () => null,
  hostInfo: undefined,
  cpuStats: undefined,
  loadStats: undefined,
  pageStats: undefined,
  processStats: undefined,
  processCount: undefined,
  userStats: undefined,
  // Issue 13 covers Linux and FreeBSD; these throw UNSUPPORTED naming the getter.
  fsStats: undefined,
  fsStatsAsync: undefined,
  diskIoStats: undefined,
  networkIoStats: undefined,
  networkIfaceStats: undefined,
};
