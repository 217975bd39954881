import type { Backend } from '../backend.js';
import { StatError } from '../errors.js';
import { freebsdLibkvm, type Resolved, utmpOrigin, utmpPath } from '../options.js';
import type { CpuStats } from '../types/cpu.js';
import type { HostInfo } from '../types/host.js';
import type { LoadStats } from '../types/load.js';
import type { MemStats } from '../types/mem.js';
import type { PageStats } from '../types/page.js';
import type { ProcessCount, ProcessStats } from '../types/process.js';
import type { SwapStats } from '../types/swap.js';
import { memStatsOfContainer, swapStatsOfContainer, wantsContainer } from '../scope.js';
import type { JailMemStats } from '../types/container.js';
import { isJailed, jailName, jailStats, readJail } from './jail.js';
import { devnameOf, jailNamesOf, kvmOf, rctlOf, sysctlOf } from './libs.js';
import type { UserStats } from '../types/user.js';
import { cpuStatsFromCpTime, readCpTimes, readSysCounters } from './cpu.js';
import { hostInfoFromSysctl, readHost } from './host.js';
import { readLoad } from './load.js';
import { memStatsFromVm, pageSize, readVm } from './mem.js';
import { readPage } from './page.js';
import { countFromSysctl, processesFromSysctl } from './process.js';
import { readUtx, usersFromUtx } from './users.js';
import { KvmFailure, kvmSwap, swapInfoDevices, swapStatsFromPages } from './swap.js';
import { diskIoStats } from './disk.js';
import { fsStats, fsStatsAsync } from './fs.js';
import { networkIfaceStats, networkIoStats } from './net.js';

/*
 * FreeBSD: sysctl and libkvm through FFI (koffi; ffi-rs where it runs, which
 * is only against the test doubles, since it ships no FreeBSD binaries).
 */

function hostMemStats(o: Resolved): MemStats {
  return memStatsFromVm(readVm(sysctlOf(o)));
}

export function memStats(o: Resolved): MemStats {
  const host = hostMemStats(o);
  if (o.scope === 'host') return host;
  const jail = jailOf(o, host.available);
  return wantsContainer(o.scope, jail) ? (memStatsOfContainer(jail, host) ?? host) : host;
}

/**
 * The jail the `jail` option names (host side), else this process's own jail
 * when it is jailed; null when neither.
 */
function jailOf(o: Resolved, hostAvailable: number): JailMemStats | null {
  const option = o.options?.jail;
  if (option !== undefined) return jailStats(readJail(rctlOf(o), jailName(option, jailNamesOf(o)), process.pid), hostAvailable);
  if (!isJailed(sysctlOf(o))) return null;
  return jailStats(readJail(rctlOf(o), undefined, process.pid), hostAvailable);
}

export function containerMemStats(o: Resolved): JailMemStats | null {
  return jailOf(o, hostMemStats(o).available);
}

/**
 * libkvm first (it needs no root with a /dev/null core), then vm.swap_info
 * when libkvm cannot be loaded or fails; KVM with both reasons when both fail.
 */
export function swapStats(o: Resolved): SwapStats {
  const host = hostSwapStats(o);
  if (o.scope === 'host') return host;
  const jail = jailOf(o, hostMemStats(o).available);
  return wantsContainer(o.scope, jail) ? (swapStatsOfContainer(jail, host) ?? host) : host;
}

function hostSwapStats(o: Resolved): SwapStats {
  const s = sysctlOf(o);
  const ps = pageSize(s);
  let kvmProblem: string;
  let kvmErrno: number | undefined;
  try {
    const { devices, total } = kvmSwap(kvmOf(o));
    return swapStatsFromPages(devices, total, ps);
  } catch (err) {
    if (!(err instanceof KvmFailure) && !(err instanceof StatError && err.code === 'LIBRARY')) throw err;
    kvmProblem = err.message;
    kvmErrno = (err as StatError).errno;
  }
  try {
    const devices = swapInfoDevices(s, devnameOf(o));
    const sum = devices.reduce((t, d) => ({ totalPages: t.totalPages + d.totalPages, usedPages: t.usedPages + d.usedPages }), { totalPages: 0, usedPages: 0 });
    return swapStatsFromPages(devices, sum, ps);
  } catch (err) {
    if (!(err instanceof StatError)) throw err;
    throw new StatError('KVM', freebsdLibkvm(o), `cannot read swap: ${kvmProblem}; the vm.swap_info fallback failed too: ${err.message}`, err.errno ?? kvmErrno, { cause: err });
  }
}

/** Seconds since the epoch, now. */
function now(): number {
  return Date.now() / 1000;
}

export function hostInfo(o: Resolved): HostInfo {
  return hostInfoFromSysctl(readHost(sysctlOf(o)), now());
}

export function cpuStats(o: Resolved): CpuStats {
  const s = sysctlOf(o);
  const { cpTime, rows } = readCpTimes(s);
  return cpuStatsFromCpTime(cpTime, rows, readSysCounters(s), now());
}

export function loadStats(o: Resolved): LoadStats {
  return readLoad(sysctlOf(o));
}

export function pageStats(o: Resolved): PageStats {
  return readPage(sysctlOf(o), now());
}

/** FSCALE (1 << 11) where kern.fscale cannot be read. */
const FSCALE = 2048;

export function processStats(o: Resolved): ProcessStats[] {
  const s = sysctlOf(o);
  return processesFromSysctl(s, pageSize(s), s.number('kern.fscale') ?? FSCALE);
}

export function processCount(o: Resolved): ProcessCount {
  return countFromSysctl(sysctlOf(o));
}

export function userStats(o: Resolved): UserStats[] {
  const path = utmpPath(o);
  const bytes = readUtx(path, utmpOrigin(o));
  return bytes === undefined ? [] : usersFromUtx(bytes, path);
}

export const freebsdBackend: Backend = {
  memStats,
  swapStats,
  // /proc/meminfo is Linux's: FreeBSD's figures are getMemStats()'s.
  meminfo: undefined,
  containerMemStats,
  // FreeBSD has no pressure stall information: "not available", not an error.
  memPressure: () => undefined,
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
