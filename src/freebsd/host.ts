import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import { readCString } from '../ffi/memory.js';
import type { HostInfo } from '../types/host.js';
import { decodeTimeval } from './abi.js';

/*
 * FreeBSD host facts. The strings are what uname(3) gives (libc's
 * __xuname.c reads the same sysctls): each cut at SYS_NMLN - 1 = 255 bytes,
 * and kern.version with its newlines and tabs turned into spaces, but for
 * the last one, which ends the string. bitwidth comes from hw.machine_arch:
 * 64 for the LP64 ones (amd64, aarch64, powerpc64, riscv64), where
 * libstatgrab's prefix table gives 0 for aarch64 and riscv64 and 32 for
 * powerpc64 (README: corrections).
 */

const SYS_NMLN = 256;

/** kern.version as uname(3)'s version field. */
export function unameVersion(raw: string): string {
  let v = raw.length > SYS_NMLN - 1 ? raw.slice(0, SYS_NMLN - 1) : raw;
  // __xuname.c walks the bytes sysctl returned (the string and its NUL): a
  // newline or tab becomes a space, but the one right before the NUL ends it.
  if (v.endsWith('\n') || v.endsWith('\t')) v = v.slice(0, -1);
  return v.replace(/[\n\t]/g, ' ');
}

/** Bits of a machine_arch: 64 for the LP64 architectures. */
export function bitwidthOf(machineArch: string): number {
  return /64/.test(machineArch) ? 64 : 32;
}

/** What the host sysctls say. */
export interface HostReadings {
  ostype: string;
  osrelease: string;
  version: string;
  hostname: string;
  machine: string;
  machineArch: string;
  ncpu: number;
  bootSec: number;
  bootUsec: number;
}

/** HostInfo from the readings, `now` in seconds since the epoch. */
export function hostInfoFromSysctl(r: HostReadings, now: number): HostInfo {
  const cut = (s: string) => (s.length > SYS_NMLN - 1 ? s.slice(0, SYS_NMLN - 1) : s);
  return {
    osName: cut(r.ostype),
    osRelease: cut(r.osrelease),
    osVersion: unameVersion(r.version),
    platform: cut(r.machine),
    hostname: cut(r.hostname),
    bitwidth: bitwidthOf(r.machineArch),
    hostState: 'unknown',
    ncpus: r.ncpu,
    maxcpus: r.ncpu,
    uptime: Math.max(0, Math.floor(now) - r.bootSec),
    bootTime: r.bootSec + r.bootUsec / 1e6,
  };
}

/** A string sysctl. @throws StatError `SYSCTL` when it is absent. */
export function stringSysctl(s: Sysctl, name: string): string {
  const b = s.bytes(name, 512);
  if (b === undefined) throw new StatError('SYSCTL', name, `sysctl ${name} does not exist on this system`, 2);
  return readCString(b, 0, b.length);
}

export function readHost(s: Sysctl): HostReadings {
  const boot = s.bytes('kern.boottime', 32);
  if (boot === undefined || boot.length < 16)
    throw new StatError(
      'SYSCTL',
      'kern.boottime',
      `sysctl kern.boottime ${boot === undefined ? 'does not exist on this system' : `returned ${boot.length} bytes, not a 16-byte struct timeval`}`,
      boot === undefined ? 2 : undefined,
    );
  const tv = decodeTimeval(boot);
  const ncpu = s.number('hw.ncpu');
  if (ncpu === undefined) throw new StatError('SYSCTL', 'hw.ncpu', 'sysctl hw.ncpu does not exist on this system', 2);
  return {
    ostype: stringSysctl(s, 'kern.ostype'),
    osrelease: stringSysctl(s, 'kern.osrelease'),
    version: stringSysctl(s, 'kern.version'),
    hostname: stringSysctl(s, 'kern.hostname'),
    machine: stringSysctl(s, 'hw.machine'),
    machineArch: stringSysctl(s, 'hw.machine_arch'),
    ncpu,
    bootSec: tv.sec,
    bootUsec: tv.usec,
  };
}
