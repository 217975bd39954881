import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { ArcStats, MemStats } from '../types/mem.js';

/*
 * FreeBSD memory: page counts from sysctlbyname("vm.stats.vm.*"), the ZFS
 * ARC from kstat.zfs.misc.arcstats. memStatsFromVm() is pure; readVm() reads.
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

/** `value`, or SYSCTL ENOENT naming the sysctl when it does not exist. */
export function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new StatError('SYSCTL', name, `sysctl ${name} does not exist on this system`, 2);
  return value;
}

/** Page sizes FreeBSD can have; anything else is a broken kernel or library. */
const MIN_PAGE = 512;
const MAX_PAGE = 1024 * 1024;

/** The page size: vm.stats.vm.v_page_size, else hw.pagesize. @throws StatError `SYSCTL`. */
export function pageSize(s: Sysctl): number {
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
