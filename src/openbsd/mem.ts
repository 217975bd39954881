import { constants } from 'node:os';
import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { MemStats } from '../types/mem.js';
import { decodeNumbufpages, decodeUvmexp, MIB_BCACHESTAT, MIB_PHYSMEM64, MIB_UVMEXP, type Uvmexp } from './abi.js';

/*
 * OpenBSD memory: struct uvmexp (vm.uvmexp), hw.physmem64 and the buffer
 * cache (vfs.generic.bcachestat), all by MIB. memStatsFromUvmexp() is pure.
 */

/**
 * - total: hw.physmem64; free (libstatgrab): free + inactive pages, as on
 *   FreeBSD; cache: the buffer cache (numbufpages), OpenBSD's file cache;
 *   available: free + cache, at most total.
 */
export function memStatsFromUvmexp(u: Uvmexp, physmem: number, numbufpages: number | undefined): MemStats {
  const ps = u.pagesize;
  const total = physmem;
  const free = Math.min((u.free + u.inactive) * ps, total);
  // Part of free in libstatgrab's sense, so never more than it.
  const cache = Math.min((numbufpages ?? 0) * ps, free);
  return {
    total,
    free,
    used: total - free,
    cache,
    available: Math.min(free + cache, total),
    active: u.active * ps,
    inactive: u.inactive * ps,
    wired: u.wired * ps,
  };
}

/**
 * A MIB this kernel does not have: OpenBSD answers EOPNOTSUPP (sysctl
 * handlers' default), not ENOENT. Read from the OS: its number differs
 * between systems (45 on OpenBSD, 95 on Linux, where the double runs).
 */
const EOPNOTSUPP = constants.errno.EOPNOTSUPP;

function absentIfUnsupported<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof StatError && err.errno === EOPNOTSUPP) return undefined;
    throw err;
  }
}

const MIN_PAGE = 512;
const MAX_PAGE = 1024 * 1024;

/** @throws StatError `SYSCTL`. */
export function readUvmexp(s: Sysctl): Uvmexp {
  const bytes = absentIfUnsupported(() => s.bytesByMib(MIB_UVMEXP, 'vm.uvmexp', 1024));
  if (bytes === undefined) throw new StatError('SYSCTL', 'vm.uvmexp', 'sysctl vm.uvmexp does not exist on this system', EOPNOTSUPP);
  const u = decodeUvmexp(bytes);
  if (u.pagesize < MIN_PAGE || u.pagesize > MAX_PAGE || (u.pagesize & (u.pagesize - 1)) !== 0) {
    throw new StatError('SYSCTL', 'vm.uvmexp', `sysctl vm.uvmexp gives an impossible page size (${u.pagesize} bytes)`);
  }
  return u;
}

/** @throws StatError `SYSCTL`. */
export function readPhysmem(s: Sysctl): number {
  const physmem = absentIfUnsupported(() => s.numberByMib(MIB_PHYSMEM64, 'hw.physmem64'));
  if (physmem === undefined) throw new StatError('SYSCTL', 'hw.physmem64', 'sysctl hw.physmem64 does not exist on this system', EOPNOTSUPP);
  return physmem;
}

/** The buffer cache in pages; undefined on a kernel without vfs.generic.bcachestat. @throws StatError `SYSCTL`. */
export function readNumbufpages(s: Sysctl): number | undefined {
  const bytes = absentIfUnsupported(() => s.bytesByMib(MIB_BCACHESTAT, 'vfs.generic.bcachestat', 512));
  return bytes === undefined ? undefined : decodeNumbufpages(bytes);
}
