import type { Backend } from '../backend.js';
import type { Resolved } from '../options.js';
import type { MemStats } from '../types/mem.js';
import type { SwapStats } from '../types/swap.js';
import { kernel32Of, psapiOf } from './libs.js';
import { memStatsFromWindows, readMemoryStatus, readPerformanceInfo } from './mem.js';
import { readPageFiles, swapStatsFromPageFiles } from './swap.js';

/*
 * Windows: kernel32 and psapi through FFI. Memory works through koffi and
 * ffi-rs; swap needs EnumPageFilesW's callback, which only koffi can answer.
 */

export function memStats(o: Resolved): MemStats {
  const k = kernel32Of(o);
  const ms = readMemoryStatus(k);
  return memStatsFromWindows(ms, readPerformanceInfo(psapiOf(o), k));
}

export function swapStats(o: Resolved): SwapStats {
  const k = kernel32Of(o);
  const p = psapiOf(o);
  const { pageSize } = readPerformanceInfo(p, k);
  return swapStatsFromPageFiles(readPageFiles(p, k), pageSize);
}

export const win32Backend: Backend = {
  memStats,
  swapStats,
  // /proc/meminfo is Linux's: this platform's figures are getMemStats()'s.
  meminfo: undefined,
  // Windows' one signal, QueryMemoryResourceNotification(LowMemoryResourceNotification),
  // is a yes/no threshold, not a level; not read: "not available", not an error.
  memPressure: () => undefined,
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
