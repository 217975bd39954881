import { existsSync, readdirSync } from 'node:fs';
import { hostname, machine, release, type, version } from 'node:os';
import type { Backend } from '../backend.js';
import { openError, StatError } from '../errors.js';
import { type Resolved, utmpOrigin, utmpPath } from '../options.js';
import type { CpuStats } from '../types/cpu.js';
import type { HostInfo } from '../types/host.js';
import type { LoadStats } from '../types/load.js';
import type { MemStats } from '../types/mem.js';
import type { PageStats } from '../types/page.js';
import type { ProcessCount, ProcessStats } from '../types/process.js';
import type { SwapStats } from '../types/swap.js';
import type { UserStats } from '../types/user.js';
import { countCpuList, hostInfoFrom } from './host.js';
import { loadFromBytes } from './loadavg.js';
import { ESTIMATE_KEYS, MEM_KEYS, meminfoTable, memStatsFromMeminfo, needsEstimate, SWAP_KEYS, swapStatsFromMeminfo } from './meminfo.js';
import { countState, emptyCount, processFromFiles, stateLetterOfStat, stateOfLetter, USER_HZ } from './process.js';
import { readProcFile, readProcText, readTransient } from './read.js';
import { cpuStatsFromStat, parseStat } from './stat.js';
import { parseSwaps } from './swaps.js';
import { secondsFromUptime } from './uptime.js';
import { usersFromUtmp, utmpLayoutOf } from './utmp.js';
import { pageStatsFromVmstat, vmstatTable } from './vmstat.js';

/*
 * Linux (and Android, which is Linux underneath): everything comes from
 * procfs under `procRoot` and sysfs under `sysRoot`. Each statistic is a
 * pure function in its own file; this file only reads and wires them.
 */

const values = new Float64Array(meminfoTable.keys.length);

// `${procRoot}/meminfo`, built once per root rather than on every call.
let lastRoot = '';
let lastPath = '';
function meminfoPath(procRoot: string): string {
  if (procRoot !== lastRoot) {
    lastPath = `${procRoot}/meminfo`;
    lastRoot = procRoot;
  }
  return lastPath;
}

export function memStats(o: Resolved): MemStats {
  const path = meminfoPath(o.procRoot);
  const file = readProcFile(path, o.procOrigin);
  meminfoTable.read(file.bytes, file.length, path, MEM_KEYS, values);
  if (needsEstimate(values)) meminfoTable.read(file.bytes, file.length, path, MEM_KEYS | ESTIMATE_KEYS, values);
  return memStatsFromMeminfo(values, path);
}

export function swapStats(o: Resolved): SwapStats {
  const path = meminfoPath(o.procRoot);
  const file = readProcFile(path, o.procOrigin);
  // Take the totals out before the next read reuses the buffer.
  const totals = swapStatsFromMeminfo(meminfoTable.read(file.bytes, file.length, path, SWAP_KEYS, values), path, undefined);
  const swapsPath = `${o.procRoot}/swaps`;
  let text: string | undefined;
  try {
    text = readProcText(swapsPath, o.procOrigin);
  } catch {
    // No /proc/swaps (a restricted container): totals without devices.
  }
  if (text !== undefined) totals.devices = parseSwaps(text, swapsPath);
  return totals;
}

/** Seconds since the epoch, now (libstatgrab's systime, with milliseconds). */
function now(): number {
  return Date.now() / 1000;
}

// File paths under a root, built once per root rather than on every call.
const paths = new Map<string, string>();
function pathOf(root: string, name: string): string {
  const key = `${root}\0${name}`;
  let p = paths.get(key);
  if (p === undefined) {
    p = `${root}/${name}`;
    if (paths.size < 256) paths.set(key, p);
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

export const linuxBackend: Backend = {
  memStats,
  swapStats,
  hostInfo,
  cpuStats,
  loadStats,
  pageStats,
  processStats,
  processCount,
  userStats,
};
