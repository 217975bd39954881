import type { Backend } from '../backend.js';
import { StatError } from '../errors.js';
import { freebsdLibkvm, type Resolved } from '../options.js';
import type { MemStats } from '../types/mem.js';
import type { SwapStats } from '../types/swap.js';
import { diskIoStats } from './disk.js';
import { fsStats, fsStatsAsync } from './fs.js';
import { devnameOf, kvmOf, sysctlOf } from './libs.js';
import { memStatsFromVm, pageSize, readVm } from './mem.js';
import { networkIfaceStats, networkIoStats } from './net.js';
import { KvmFailure, kvmSwap, swapInfoDevices, swapStatsFromPages } from './swap.js';

/*
 * FreeBSD: sysctl and libkvm through FFI (koffi; ffi-rs where it runs, which
 * is only against the test doubles, since it ships no FreeBSD binaries).
 */

export function memStats(o: Resolved): MemStats {
  return memStatsFromVm(readVm(sysctlOf(o)));
}

/**
 * libkvm first (it needs no root with a /dev/null core), then vm.swap_info
 * when libkvm cannot be loaded or fails; KVM with both reasons when both fail.
 */
export function swapStats(o: Resolved): SwapStats {
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

export const freebsdBackend: Backend = {
  memStats,
  swapStats,
  fsStats,
  fsStatsAsync,
  diskIoStats,
  networkIoStats,
  networkIfaceStats,
};
