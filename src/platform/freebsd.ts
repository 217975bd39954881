import { StatError } from '../errors.js';
import { libc, libkvm } from '../native/index.js';
import { KvmFailure, kvmSwapRows } from '../native/kvm.js';
import { Sysctl } from '../native/sysctl.js';
import { ffiOf, libcOf, libkvmOf } from '../options.js';
import type { ArcStats, MemStats, StatOptions, SwapDevice, SwapStats } from '../types.js';

/*
 * FreeBSD: page counts from sysctlbyname("vm.stats.vm.*"), ZFS ARC from
 * kstat.zfs.misc.arcstats, swap from libkvm (falling back to vm.swap_info).
 * memStatsFromVm() and swapStatsFromPages() are pure; the rest reads.
 */

/** What the kernel reported, in pages (ARC in bytes); absent names undefined. */
export interface VmReadings {
  pageSize: number;
  pageCount: number;
  freeCount: number;
  inactiveCount: number;
  activeCount?: number;
  wireCount?: number;
  /** v_cache_count: real on 11.0 and older, 0 or absent later. */
  cacheCount?: number;
  /** v_laundry_count: from 11.1 on. */
  laundryCount?: number;
  arc?: ArcStats;
}

/**
 * MemStats from page counts, with libstatgrab's meanings: free = free +
 * inactive + cache queues. `available` adds the ARC above its floor, which
 * ZFS gives back under pressure. Clamps keep every figure in [0, total].
 */
export function memStatsFromVm(vm: VmReadings): MemStats {
  const ps = vm.pageSize;
  const pages = (count: number | undefined) => (count === undefined ? undefined : count * ps);
  const total = vm.pageCount * ps;
  const free = Math.min((vm.freeCount + vm.inactiveCount + (vm.cacheCount ?? 0)) * ps, total);
  const reclaimableArc = vm.arc ? Math.max(0, vm.arc.size - vm.arc.min) : 0;
  const stats: MemStats = {
    total,
    free,
    used: total - free,
    cache: Math.min((vm.cacheCount ?? 0) * ps, free),
    available: Math.min(free + reclaimableArc, total),
    active: pages(vm.activeCount),
    inactive: pages(vm.inactiveCount),
    wired: pages(vm.wireCount),
  };
  if (vm.laundryCount !== undefined) stats.laundry = vm.laundryCount * ps;
  if (vm.arc) stats.arc = vm.arc;
  return stats;
}

/** A swap device in pages, as libkvm or vm.swap_info report it. */
export interface SwapPages {
  name: string;
  totalPages: number;
  usedPages: number;
}

/** SwapStats from per-device pages and the total row (or the devices' sum). */
export function swapStatsFromPages(devices: SwapPages[], total: { totalPages: number; usedPages: number }, pageSize: number): SwapStats {
  const toDevice = (d: SwapPages): SwapDevice => ({ name: d.name, total: d.totalPages * pageSize, used: Math.min(d.usedPages, d.totalPages) * pageSize });
  const totalBytes = total.totalPages * pageSize;
  const used = Math.min(total.usedPages, total.totalPages) * pageSize;
  return { total: totalBytes, used, free: totalBytes - used, devices: devices.map(toDevice) };
}

// --- reading -------------------------------------------------------------

// The Sysctl (and its buffers) of the library used last, so that a scrape
// loop does no look-up beyond comparing two strings.
let last: { ffi: string; path: string; sysctl: Sysctl } | undefined;

function sysctlFor(o: StatOptions | undefined): Sysctl {
  const ffi = ffiOf(o);
  const path = libcOf(o);
  if (last?.ffi !== ffi || last.path !== path) last = { ffi, path, sysctl: new Sysctl(libc(ffi, path)) };
  return last.sysctl;
}

function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new StatError('SYSCTL', name, `sysctl ${name} does not exist on this system`, 2);
  return value;
}

/** Page sizes FreeBSD can have; anything else is a broken kernel or library. */
const MIN_PAGE = 512;
const MAX_PAGE = 1024 * 1024;

function pageSize(s: Sysctl): number {
  let name = 'vm.stats.vm.v_page_size';
  let size = s.number(name);
  if (size === undefined) size = s.number((name = 'hw.pagesize'));
  if (size === undefined) throw new StatError('SYSCTL', 'vm.stats.vm.v_page_size', 'cannot find the page size: neither vm.stats.vm.v_page_size nor hw.pagesize exists', 2);
  // A power of two in [512 B, 1 MiB] also keeps every byte figure (u32 pages
  // times the page size) below 2^53, so exact as a JavaScript number.
  if (size < MIN_PAGE || size > MAX_PAGE || (size & (size - 1)) !== 0) {
    throw new StatError('SYSCTL', name, `sysctl ${name} gives an impossible page size (${size} bytes)`);
  }
  return size;
}

// The names, whole: built once here rather than concatenated on every call.
const N = {
  pageCount: 'vm.stats.vm.v_page_count',
  free: 'vm.stats.vm.v_free_count',
  inactive: 'vm.stats.vm.v_inactive_count',
  active: 'vm.stats.vm.v_active_count',
  wire: 'vm.stats.vm.v_wire_count',
  cache: 'vm.stats.vm.v_cache_count',
  laundry: 'vm.stats.vm.v_laundry_count',
  arcSize: 'kstat.zfs.misc.arcstats.size',
  arcMin: 'kstat.zfs.misc.arcstats.c_min',
  arcMax: 'kstat.zfs.misc.arcstats.c_max',
} as const;

function readArc(s: Sysctl): ArcStats | undefined {
  const size = s.number(N.arcSize);
  if (size === undefined) return undefined; // ZFS not loaded
  return { size, min: s.number(N.arcMin) ?? 0, max: s.number(N.arcMax) ?? size };
}

/** The kernel's page counts, read by name; absent names stay undefined. */
export function readVm(s: Sysctl): VmReadings {
  return {
    pageSize: pageSize(s),
    pageCount: required(s.number(N.pageCount), N.pageCount),
    freeCount: required(s.number(N.free), N.free),
    inactiveCount: required(s.number(N.inactive), N.inactive),
    activeCount: s.number(N.active),
    wireCount: s.number(N.wire),
    cacheCount: s.number(N.cache),
    laundryCount: s.number(N.laundry),
    arc: readArc(s),
  };
}

export function memStats(o?: StatOptions): MemStats {
  return memStatsFromVm(readVm(sysctlFor(o)));
}

/**
 * Swap through libkvm; when libkvm cannot be loaded or fails, through the
 * vm.swap_info sysctl. If both fail: StatError `KVM` with libkvm's text.
 */
export function swapStats(o?: StatOptions): SwapStats {
  const s = sysctlFor(o);
  const ps = pageSize(s);
  let kvmProblem: string;
  let kvmErrno: number | undefined;
  try {
    const { devices, total } = kvmSwapRows(libkvm(ffiOf(o), libkvmOf(o)));
    return swapStatsFromPages(devices.map((d) => ({ name: d.devname, totalPages: d.totalPages, usedPages: d.usedPages })), total, ps);
  } catch (err) {
    if (!(err instanceof KvmFailure) && !(err instanceof StatError && err.code === 'LIBRARY')) throw err;
    kvmProblem = err.message;
    kvmErrno = (err as StatError).errno;
  }
  try {
    const devices = s.swapInfo();
    const sum = devices.reduce((t, d) => ({ totalPages: t.totalPages + d.totalPages, usedPages: t.usedPages + d.usedPages }), { totalPages: 0, usedPages: 0 });
    return swapStatsFromPages(devices, sum, ps);
  } catch (err) {
    if (!(err instanceof StatError)) throw err;
    throw new StatError('KVM', libkvmOf(o), `cannot read swap: ${kvmProblem}; the vm.swap_info fallback failed too: ${err.message}`, err.errno ?? kvmErrno);
  }
}
