import { existsSync, readdirSync } from 'node:fs';
import { hostname, machine, release, type, version } from 'node:os';
import type { Backend } from '../backend.js';
import type { ContainerMemStats } from '../types/container.js';
import type { MemStats } from '../types/mem.js';
import type { MemPressure } from '../types/pressure.js';
import type { SwapStats } from '../types/swap.js';
import type { Meminfo } from '../types/meminfo.js';
import { ESTIMATE_KEYS, MEM_KEYS, meminfoFromBytes, meminfoTable, memStatsFromMeminfo, needsEstimate, SWAP_KEYS, swapStatsFromMeminfo } from './meminfo.js';
import type { CgroupFigures } from './cgroup.js';
import { openError, StatError } from '../errors.js';
import { type Resolved, utmpOrigin, utmpPath } from '../options.js';
import type { CpuStats } from '../types/cpu.js';
import type { HostInfo } from '../types/host.js';
import type { LoadStats } from '../types/load.js';
import type { PageStats } from '../types/page.js';
import type { ProcessCount, ProcessStats } from '../types/process.js';
import type { UserStats } from '../types/user.js';
import { countCpuList, hostInfoFrom } from './host.js';
import { loadFromBytes } from './loadavg.js';
import { countState, emptyCount, processFromFiles, stateLetterOfStat, stateOfLetter, USER_HZ } from './process.js';
import { readProcFile, readProcText, readTransient } from './read.js';
import { cpuStatsFromStat, parseStat } from './stat.js';
import { parseSwaps } from './swaps.js';
import { secondsFromUptime } from './uptime.js';
import { usersFromUtmp, utmpLayoutOf } from './utmp.js';
import { pageStatsFromVmstat, vmstatTable } from './vmstat.js';
import type { DiskIoStats } from '../types/disk.js';
import type { NetworkIfaceStats, NetworkIoStats } from '../types/net.js';
import { diskIoFromDiskstats } from './diskstats.js';
import { fsStats, fsStatsAsync } from './fs.js';
import { networkIoFromNetDev } from './netdev.js';
import { ifacesFromSysfs } from './netiface.js';

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
  // The device list is a detail: when /proc/swaps cannot be read (a
  // restricted container) or has a line of another form, the totals, which
  // come from meminfo, still stand, and `devices` is undefined either way.
  // Only what needs the list (freecolor -a) says it is unknown.
  try {
    totals.devices = parseSwaps(readProcText(p.swaps, o.procOrigin), p.swaps);
  } catch (err) {
    if (!(err instanceof StatError)) throw err;
  }
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

/**
 * The cgroup2 memory.pressure of this process's cgroup alone, or undefined
 * where it has none (no cgroup2 mount; a kernel without PSI; a cgroup whose
 * cgroup.pressure is 0, Linux 6.5+). Unlike getMemPressure in container
 * scope, never the host's file instead: series named as the container's
 * (the exporter's container_pressure_*) must not carry the host's figures.
 * Internal: not a Backend key.
 */
export function cgroupMemPressure(o: Resolved): MemPressure | undefined {
  const file = cgroups().locate(o).pressure;
  return file === undefined ? undefined : cgroups().readPressure(file, o.sysOrigin);
}

/** Seconds since the epoch, now (libstatgrab's systime, with milliseconds). */
function now(): number {
  return Date.now() / 1000;
}

// File paths under a root, built once per root rather than on every call.
const filePaths = new Map<string, string>();
function pathOf(root: string, name: string): string {
  const key = `${root}\0${name}`;
  let p = filePaths.get(key);
  if (p === undefined) {
    p = `${root}/${name}`;
    if (filePaths.size < 256) filePaths.set(key, p);
  }
  return p;
}

export function cpuStats(o: Resolved): CpuStats {
  const path = pathOf(o.procRoot, 'stat');
  const file = readProcFile(path, o.procOrigin);
  return cpuStatsFromStat(parseStat(file.bytes, file.length, path, true), now());
}

export function loadStats(o: Resolved): LoadStats {
  const path = pathOf(o.procRoot, 'loadavg');
  const file = readProcFile(path, o.procOrigin);
  return loadFromBytes(file.bytes, file.length, path);
}

const vmstatValues = new Float64Array(vmstatTable.keys.length);

export function pageStats(o: Resolved): PageStats {
  const path = pathOf(o.procRoot, 'vmstat');
  const file = readProcFile(path, o.procOrigin);
  return pageStatsFromVmstat(vmstatTable.read(file.bytes, file.length, path, vmstatTable.all, vmstatValues), path, now());
}

/** A sysfs CPU list's count, or undefined when the file is missing or not a list. */
function cpuListCount(path: string, origin: string | undefined): number | undefined {
  try {
    return countCpuList(readProcText(path, origin));
  } catch {
    return undefined;
  }
}

// uname's sysname, release, version and machine cannot change while the
// kernel runs: asked once. The host name can: asked on every call.
let uname: { sysname: string; release: string; version: string; machine: string } | undefined;
// Whether a procfs root has the x86-64 vsyscall files: a property of its kernel.
const vsyscallByRoot = new Map<string, boolean>();

function vsyscall64(procRoot: string): boolean {
  let has = vsyscallByRoot.get(procRoot);
  if (has === undefined) {
    has = existsSync(`${procRoot}/sys/kernel/vsyscall64`) || existsSync(`${procRoot}/sys/abi/vsyscall32`);
    if (vsyscallByRoot.size < 16) vsyscallByRoot.set(procRoot, has);
  }
  return has;
}

export function hostInfo(o: Resolved): HostInfo {
  const statPath = pathOf(o.procRoot, 'stat');
  const stat = readProcFile(statPath, o.procOrigin);
  const r = parseStat(stat.bytes, stat.length, statPath, false);
  const uptimePath = pathOf(o.procRoot, 'uptime');
  const uptimeSeconds = secondsFromUptime(readProcText(uptimePath, o.procOrigin), uptimePath);
  uname ??= { sysname: type(), release: release(), version: version(), machine: machine() };
  return hostInfoFrom(
    { ...uname, nodename: hostname() },
    {
      online: cpuListCount(pathOf(o.sysRoot, 'devices/system/cpu/online'), o.sysOrigin),
      possible: cpuListCount(pathOf(o.sysRoot, 'devices/system/cpu/possible'), o.sysOrigin),
      cpuLines: r.cpuLines,
      uptimeSeconds,
      btime: r.btime,
      vsyscall64: vsyscall64(o.procRoot),
      longBits: process.arch === 'ia32' || process.arch === 'arm' ? 32 : 64,
    },
    statPath,
  );
}

const PID = /^\d+$/;

/** The pids under procRoot, ascending. @throws StatError `OPEN`. */
function pids(o: Resolved): number[] {
  let names: string[];
  try {
    names = readdirSync(o.procRoot);
  } catch (err) {
    throw openError(o.procRoot, err, o.procOrigin);
  }
  const out: number[] = [];
  for (const n of names) if (PID.test(n)) out.push(Number(n));
  return out.sort((a, b) => a - b);
}

/** A per-process file's text, or undefined when the process has gone (or hides it). */
function processText(path: string, o: Resolved): string | undefined {
  try {
    const f = readTransient(path, o.procOrigin);
    return f.bytes.toString('utf8', 0, f.length);
  } catch (err) {
    if (err instanceof StatError && err.code === 'OPEN') return undefined;
    throw err;
  }
}

export function processStats(o: Resolved): ProcessStats[] {
  const statPath = `${o.procRoot}/stat`;
  const stat = readProcFile(statPath, o.procOrigin);
  const btime = parseStat(stat.bytes, stat.length, statPath, false).btime;
  if (btime === undefined) throw new StatError('PARSE', statPath, `cannot parse ${statPath}: it has no btime line`);
  const uptimePath = `${o.procRoot}/uptime`;
  const clock = { btime, uptime: secondsFromUptime(readProcText(uptimePath, o.procOrigin), uptimePath), hz: USER_HZ };
  const list: ProcessStats[] = [];
  for (const pid of pids(o)) {
    const dir = `${o.procRoot}/${pid}`;
    const statFile = `${dir}/stat`;
    const text = processText(statFile, o);
    if (text === undefined) continue;
    const statusFile = `${dir}/status`;
    const status = processText(statusFile, o);
    if (status === undefined) continue;
    let cmdline: Buffer;
    try {
      // A view of the shared read buffer: used before the next read.
      const f = readTransient(`${dir}/cmdline`, o.procOrigin);
      cmdline = f.bytes.subarray(0, f.length);
    } catch (err) {
      if (err instanceof StatError && err.code === 'OPEN') continue;
      throw err;
    }
    list.push(processFromFiles(text, statFile, status, statusFile, cmdline, clock));
  }
  return list;
}

export function processCount(o: Resolved): ProcessCount {
  const count = emptyCount();
  for (const pid of pids(o)) {
    const path = `${o.procRoot}/${pid}/stat`;
    const text = processText(path, o);
    if (text !== undefined) countState(count, stateOfLetter(stateLetterOfStat(text, path)));
  }
  return count;
}

/** utmp files are small; a larger one is not a utmp file. */
const MAX_UTMP_BYTES = 16 * 1024 * 1024;

export function userStats(o: Resolved): UserStats[] {
  const path = utmpPath(o);
  let file: { bytes: Buffer; length: number };
  try {
    file = readTransient(path, utmpOrigin(o), MAX_UTMP_BYTES);
  } catch (err) {
    // No utmp file (musl systems, containers): nobody is logged in.
    if (err instanceof StatError && err.errno === 2) return [];
    throw err;
  }
  return usersFromUtmp(file.bytes, file.length, utmpLayoutOf(process.arch));
}

export function diskIoStats(o: Resolved): DiskIoStats[] {
  const file = readProcFile(pathOf(o.procRoot, 'diskstats'), o.procOrigin);
  return diskIoFromDiskstats(file.bytes, file.length, Date.now());
}

export function networkIoStats(o: Resolved): NetworkIoStats[] {
  const file = readProcFile(pathOf(o.procRoot, 'net/dev'), o.procOrigin);
  return networkIoFromNetDev(file.bytes, file.length, Date.now());
}

/** Interfaces that /proc/net/dev lists, with their link settings from sysfs. */
export function networkIfaceStats(o: Resolved): NetworkIfaceStats[] {
  const file = readProcFile(pathOf(o.procRoot, 'net/dev'), o.procOrigin);
  const names = networkIoFromNetDev(file.bytes, file.length, 0).map((n) => n.interfaceName);
  return ifacesFromSysfs(o.sysRoot, names);
}

export const linuxBackend: Backend = {
  memStats,
  swapStats,
  meminfo,
  containerMemStats,
  memPressure,
  hostInfo,
  cpuStats,
  loadStats,
  pageStats,
  processStats,
  processCount,
  userStats,
  fsStats,
  fsStatsAsync,
  diskIoStats,
  networkIoStats,
  networkIfaceStats,
};
