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

const ENOMEM = 12;

function absentIfUnsupported<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof StatError && err.errno === EOPNOTSUPP) return undefined;
    throw err;
  }
}

/**
 * A struct by MIB into a buffer kept between calls (the hot path allocates
 * nothing); a kernel whose struct outgrew it (ENOMEM) is read by growing.
 * The result is a view valid until the next read.
 * @returns undefined when the MIB does not exist (EOPNOTSUPP, ENOENT).
 */
function readStruct(s: Sysctl, mib: readonly number[], label: string, buf: Buffer): Buffer | undefined {
  return absentIfUnsupported(() => {
    try {
      const got = s.intoByMib(mib, label, buf);
      return got < 0 ? undefined : buf.subarray(0, got);
    } catch (err) {
      if (err instanceof StatError && err.errno === ENOMEM) return s.bytesByMib(mib, label, buf.length * 2);
      throw err;
    }
  });
}

const uvmexpBuffer = Buffer.alloc(1024);
const bcachestatsBuffer = Buffer.alloc(512);

const MIN_PAGE = 512;
const MAX_PAGE = 1024 * 1024;

/** @throws StatError `SYSCTL`. */
export function readUvmexp(s: Sysctl): Uvmexp {
  const bytes = readStruct(s, MIB_UVMEXP, 'vm.uvmexp', uvmexpBuffer);
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
  const bytes = readStruct(s, MIB_BCACHESTAT, 'vfs.generic.bcachestat', bcachestatsBuffer);
  return bytes === undefined ? undefined : decodeNumbufpages(bytes);
}
