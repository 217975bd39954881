import { StatError } from '../errors.js';
import type { HostInfo } from '../types/host.js';

/*
 * Linux host facts, as libstatgrab gathers them:
 * - uname(2) strings: Node's os.type(), os.release(), os.version(),
 *   os.machine(), os.hostname() are uname's sysname, release, version,
 *   machine and nodename (they describe the running kernel, whatever
 *   procRoot says);
 * - CPUs: what glibc's sysconf(_SC_NPROCESSORS_ONLN / _CONF) reads:
 *   sysfs devices/system/cpu/online and possible ("0-3,6"), each falling
 *   back to the number of cpuN lines in /proc/stat;
 * - uptime: /proc/uptime's whole seconds; bootTime: /proc/stat's btime;
 * - bitwidth: 64 when /proc/sys/kernel/vsyscall64 or /proc/sys/abi/vsyscall32
 *   exists (a 64-bit x86 kernel), else the width of this process's longs,
 *   as libstatgrab's sysconf(_SC_LONG_BIT).
 */

/** What uname says (Node's os module). */
export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
  nodename: string;
}

/**
 * The number of CPUs in a sysfs CPU list (`0-3,6` is 5), or undefined when
 * the text is not such a list.
 */
export function countCpuList(text: string): number | undefined {
  const list = text.trim();
  if (list === '') return undefined;
  let n = 0;
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (last < first) return undefined;
    n += last - first + 1;
  }
  return n;
}

/** The facts read from files, each undefined when its file was missing. */
export interface HostReadings {
  online: number | undefined;
  possible: number | undefined;
  /** `cpuN` lines of /proc/stat: the fallback for both counts. */
  cpuLines: number;
  uptimeSeconds: number;
  btime: number | undefined;
  /** A 64-bit x86 kernel's vsyscall files exist. */
  vsyscall64: boolean;
  /** Bits of a C long in this process. */
  longBits: number;
}

/** HostInfo from uname and the readings. @throws StatError `PARSE` without btime in /proc/stat. */
export function hostInfoFrom(u: Uname, r: HostReadings, statPath: string): HostInfo {
  if (r.btime === undefined) throw new StatError('PARSE', statPath, `cannot parse ${statPath}: it has no btime line`);
  return {
    osName: u.sysname,
    osRelease: u.release,
    osVersion: u.version,
    platform: u.machine,
    hostname: u.nodename,
    bitwidth: r.vsyscall64 ? 64 : r.longBits,
    hostState: 'unknown',
    ncpus: r.online ?? r.cpuLines,
    maxcpus: r.possible ?? r.cpuLines,
    uptime: Math.floor(r.uptimeSeconds),
    bootTime: r.btime,
  };
}
