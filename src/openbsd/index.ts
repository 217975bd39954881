import type { Backend } from '../backend.js';
import type { Resolved } from '../options.js';
import type { MemStats } from '../types/mem.js';
import type { SwapStats } from '../types/swap.js';
import { swapctlOf, sysctlOf } from './libs.js';
import { memStatsFromUvmexp, readNumbufpages, readPhysmem, readUvmexp } from './mem.js';
import { readSwapEntries, swapStatsFromEntries, swapStatsFromUvmexp } from './swap.js';

/*
 * OpenBSD: sysctl by MIB and swapctl from libc, through koffi (ffi-rs ships
 * no OpenBSD binaries; it runs here only against the Linux test double).
 */

export function memStats(o: Resolved): MemStats {
  const s = sysctlOf(o);
  const u = readUvmexp(s);
  return memStatsFromUvmexp(u, readPhysmem(s), readNumbufpages(s));
}

export function swapStats(o: Resolved): SwapStats {
  const entries = readSwapEntries(swapctlOf(o));
  if (Array.isArray(entries)) return swapStatsFromEntries(entries);
  // swapctl refused (a pledge, a broken libc): the kernel's own totals.
  return swapStatsFromUvmexp(readUvmexp(sysctlOf(o)));
}

export const openbsdBackend: Backend = {
  memStats,
  swapStats,
  // /proc/meminfo is Linux's: this platform's figures are getMemStats()'s.
  meminfo: undefined,
  // OpenBSD has no pressure signal: "not available", not an error.
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
