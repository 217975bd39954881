import type { Backend } from '../backend.js';
import type { Resolved } from '../options.js';
import type { ContainerMemStats } from '../types/container.js';
import type { MemStats } from '../types/mem.js';
import type { MemPressure } from '../types/pressure.js';
import type { SwapStats } from '../types/swap.js';
import type { Meminfo } from '../types/meminfo.js';
import { ESTIMATE_KEYS, MEM_KEYS, meminfoFromBytes, meminfoTable, memStatsFromMeminfo, needsEstimate, SWAP_KEYS, swapStatsFromMeminfo } from './meminfo.js';
import type { CgroupFigures } from './cgroup.js';
import { readProcFile, readProcText } from './read.js';
import { parseSwaps } from './swaps.js';

/*
 * Linux (and Android, which is Linux underneath): everything comes from
 * procfs under `procRoot` and sysfs under `sysRoot`. Each statistic is a
 * pure function in its own file; this file only reads and wires them.
 */

// Loaded on first use: a process that only asks for host memory (freecolor's
// default report) never loads the cgroup, PSI, ARC or scope code.
let containerModule: typeof import('./container.js') | undefined;
const cgroups = () => (containerModule ??= require('./container.js') as typeof import('./container.js'));
let scopeModule: typeof import('../scope.js') | undefined;
const scopes = () => (scopeModule ??= require('../scope.js') as typeof import('../scope.js'));

const values = new Float64Array(meminfoTable.keys.length);

/** Paths under a procfs root, built once per root rather than on every call. */
let lastRoot = '';
let paths = { meminfo: '', swaps: '', arcstats: '', pressure: '' };
function procPaths(procRoot: string): typeof paths {
  if (procRoot !== lastRoot) {
    paths = { meminfo: `${procRoot}/meminfo`, swaps: `${procRoot}/swaps`, arcstats: `${procRoot}/spl/kstat/zfs/arcstats`, pressure: `${procRoot}/pressure/memory` };
    lastRoot = procRoot;
  }
  return paths;
}

/** MemStats of /proc/meminfo alone: the host as Linux sees it, without a ZFS ARC. */
function meminfoStats(o: Resolved): MemStats {
  const path = procPaths(o.procRoot).meminfo;
  const file = readProcFile(path, o.procOrigin);
  meminfoTable.read(file.bytes, file.length, path, MEM_KEYS, values);
  if (needsEstimate(values)) meminfoTable.read(file.bytes, file.length, path, MEM_KEYS | ESTIMATE_KEYS, values);
  return memStatsFromMeminfo(values, path);
}

const ENOENT = 2;
/**
 * How long an absent arcstats is believed absent. Looking costs a failed
 * open (several µs, as much as reading meminfo on some VMs) on every call
 * of every host without ZFS; a ZFS module loaded later is seen this long after.
 */
const ARC_RECHECK_MS = 10_000;
let arcAbsent = { path: '', until: 0 };

/**
 * The host's MemStats with the ZFS ARC: MemAvailable does not count it, so
 * the reclaimable part (size − c_min) is added, capped at total.
 */
function hostMemStats(o: Resolved): MemStats {
  const m = meminfoStats(o);
  const path = procPaths(o.procRoot).arcstats;
  if (arcAbsent.path === path && Date.now() < arcAbsent.until) return m;
  let text: string;
  try {
    text = readProcText(path, o.procOrigin);
  } catch (err) {
    // No ZFS module loaded: no ARC.
    if ((err as { errno?: number }).errno === ENOENT) {
      arcAbsent = { path, until: Date.now() + ARC_RECHECK_MS };
      return m;
    }
    throw err;
  }
  const { arcFromKstat, reclaimableArc } = require('./arc.js') as typeof import('./arc.js');
  const arc = arcFromKstat(text, path);
  m.available = Math.min(m.available + reclaimableArc(arc), m.total);
  m.arc = arc;
  return m;
}

/** The host's figures (no ARC) and this process's cgroup's, or null. */
function cgroupOf(o: Resolved): { host: MemStats; cgroup: CgroupFigures | null } {
  const host = meminfoStats(o);
  return { host, cgroup: cgroups().readCgroup(o, host.available) };
}

export function memStats(o: Resolved): MemStats {
  if (o.scope === 'host') return hostMemStats(o);
  const { host, cgroup } = cgroupOf(o);
  const { memStatsOfContainer, wantsContainer } = scopes();
  if (cgroup === null || !wantsContainer(o.scope, cgroup.stats)) return hostMemStats(o);
  return memStatsOfContainer(cgroup.stats, host, cgroup.active, cgroup.inactive)!;
}

function hostSwapStats(o: Resolved): SwapStats {
  const p = procPaths(o.procRoot);
  const file = readProcFile(p.meminfo, o.procOrigin);
  // Take the totals out before the next read reuses the buffer.
  const totals = swapStatsFromMeminfo(meminfoTable.read(file.bytes, file.length, p.meminfo, SWAP_KEYS, values), p.meminfo, undefined);
  let text: string | undefined;
  try {
    text = readProcText(p.swaps, o.procOrigin);
  } catch {
    // No /proc/swaps (a restricted container): totals without devices.
  }
  if (text !== undefined) totals.devices = parseSwaps(text, p.swaps);
  return totals;
}

export function meminfo(o: Resolved): Meminfo {
  const path = procPaths(o.procRoot).meminfo;
  const file = readProcFile(path, o.procOrigin);
  return meminfoFromBytes(file.bytes, file.length, path);
}

export function swapStats(o: Resolved): SwapStats {
  if (o.scope === 'host') return hostSwapStats(o);
  const { cgroup } = cgroupOf(o);
  const { swapStatsOfContainer, wantsContainer } = scopes();
  if (cgroup === null || !wantsContainer(o.scope, cgroup.stats)) return hostSwapStats(o);
  const host = hostSwapStats(o);
  return swapStatsOfContainer(cgroup.stats, host) ?? host;
}

export function containerMemStats(o: Resolved): ContainerMemStats | null {
  return cgroupOf(o).cgroup?.stats ?? null;
}

/**
 * PSI: the host's /proc/pressure/memory, or in container scope the cgroup2
 * memory.pressure of this process's cgroup (cgroup2 keeps it on every cgroup,
 * with or without the memory controller, and on hybrid hosts too).
 */
export function memPressure(o: Resolved): MemPressure | undefined {
  const hostPath = procPaths(o.procRoot).pressure;
  if (o.scope !== 'host') {
    const cgroupFile = cgroups().locate(o).pressure;
    const container = o.scope === 'container' || (cgroupOf(o).cgroup?.stats.limit ?? undefined) !== undefined;
    if (container && cgroupFile !== undefined) {
      const p = cgroups().readPressure(cgroupFile, o.sysOrigin);
      if (p !== undefined) return p;
    }
  }
  return cgroups().readPressure(hostPath, o.procOrigin);
}

export const linuxBackend: Backend = {
  memStats,
  swapStats,
  meminfo,
  containerMemStats,
  memPressure,
};
