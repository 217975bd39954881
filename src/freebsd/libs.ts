import { Sysctl } from '../bsd/sysctl.js';
import { bindOnce } from '../ffi/index.js';
import { freebsdLibc, freebsdLibjail, freebsdLibkvm, type Resolved } from '../options.js';
import type { JailNames, RctlCalls } from './jail.js';

/*
 * FreeBSD's libraries, bound once per (driver, path): libc's sysctl family
 * and libkvm's swap functions (libkvm only when swap is asked for).
 */

// The Sysctl of the library used last, so that a scrape loop does no
// look-up beyond comparing two strings.
let last: { ffi: string; path: string; sysctl: Sysctl } | undefined;

/** libc's sysctl family. @throws StatError `LIBRARY`. */
export function sysctlOf(o: Resolved): Sysctl {
  const path = freebsdLibc(o);
  if (last?.ffi !== o.ffi || last.path !== path) {
    last = { ffi: o.ffi, path, sysctl: bindOnce('sysctl', o.ffi, path, (lib, driver) => new Sysctl(lib, driver)) };
  }
  return last.sysctl;
}

/** devname(3) from libc: a device's name without /dev/, or null. */
export function devnameOf(o: Resolved): (dev: bigint, type: number) => string | null {
  const path = freebsdLibc(o);
  return bindOnce('devname', o.ffi, path, (lib, driver) => {
    const devname = lib.func('devname', 'cstring', ['uint64', 'u16']);
    // ffi-rs takes a u64 as a number; device numbers are far below 2^53.
    return (dev: bigint, type: number) => devname(driver.name === 'koffi' ? dev : Number(dev), type) as string | null;
  });
}

/** libkvm's swap functions. */
export interface KvmApi {
  /** kvm_openfiles(NULL, corefile, NULL, flags, errbuf): a handle, or null with errbuf filled. */
  openfiles(corefile: string, flags: number, errbuf: Buffer): object | null;
  /** kvm_getswapinfo(kd, ary, max, flags): the device count, or -1. */
  getswapinfo(kd: object, ary: Buffer, max: number, flags: number): number;
  close(kd: object): number;
  geterr(kd: object): string;
}

/** @throws StatError `LIBRARY`. */
export function kvmOf(o: Resolved): KvmApi {
  const path = freebsdLibkvm(o);
  return bindOnce('kvm', o.ffi, path, (lib) => {
    const openfiles = lib.func('kvm_openfiles', 'handle', ['null', 'cstring', 'null', 'int', 'buffer']);
    const getswapinfo = lib.func('kvm_getswapinfo', 'int', ['handle', 'buffer', 'int', 'int']);
    const close = lib.func('kvm_close', 'int', ['handle']);
    const geterr = lib.func('kvm_geterr', 'cstring', ['handle']);
    return {
      openfiles: (corefile, flags, errbuf) => openfiles(null, corefile, null, flags, errbuf) as object | null,
      getswapinfo: (kd, ary, max, flags) => getswapinfo(kd, ary, max, flags) as number,
      close: (kd) => close(kd) as number,
      geterr: (kd) => (geterr(kd) as string | null) ?? '',
    };
  });
}

/** libc's rctl_get_racct, rctl_get_rules and rctl_get_limits (sys/sys/rctl.h). @throws StatError `LIBRARY`. */
export function rctlOf(o: Resolved): RctlCalls {
  return bindOnce('rctl', o.ffi, freebsdLibc(o), (lib, driver) => {
    const params = ['buffer', 'size_t', 'buffer', 'size_t'] as const;
    const racct = lib.func('rctl_get_racct', 'int', params);
    const rules = lib.func('rctl_get_rules', 'int', params);
    const limits = lib.func('rctl_get_limits', 'int', params);
    return {
      racct: (filter, out) => racct(filter, filter.length, out, out.length) as number,
      rules: (filter, out) => rules(filter, filter.length, out, out.length) as number,
      limits: (filter, out) => limits(filter, filter.length, out, out.length) as number,
      errno: () => driver.errno(),
    };
  });
}

/**
 * libjail's jail_getid and jail_getname. jail_getname returns a malloc'd
 * string: it is copied out with libc's strlcpy and handed back to free().
 * @throws StatError `LIBRARY`.
 */
export function jailNamesOf(o: Resolved): JailNames {
  const libc = bindOnce('jail-libc', o.ffi, freebsdLibc(o), (lib) => ({
    strlcpy: lib.func('strlcpy', 'size_t', ['buffer', 'handle', 'size_t']),
    free: lib.func('free', 'void', ['handle']),
  }));
  return bindOnce('jail', o.ffi, freebsdLibjail(o), (lib, driver) => {
    const getid = lib.func('jail_getid', 'int', ['cstring']);
    const getname = lib.func('jail_getname', 'handle', ['int']);
    // MAXHOSTNAMELEN: a jail name is at most 255 bytes and a NUL.
    const name = Buffer.alloc(256);
    return {
      getid: (n) => getid(n) as number,
      getname: (jid) => {
        const p = getname(jid) as object | null;
        if (p === null) return null;
        try {
          const length = Number(libc.strlcpy(name, p, name.length));
          return name.toString('utf8', 0, Math.min(length, name.length - 1));
        } finally {
          libc.free(p);
        }
      },
      errno: () => driver.errno(),
    };
  });
}

/** libc's mount-table calls. */
export interface FsApi {
  /** getfsstat(NULL, 0, mode): the number of mounts, or -1. */
  count(mode: number): number;
  /** getfsstat(buf, buf.length, mode): records written, or -1. */
  fill(buf: Buffer, mode: number): number;
  /** statfs(path, buf): 0 or -1. */
  statfs(path: string, buf: Buffer): number;
  errno(): number;
}

/** @throws StatError `LIBRARY`. */
export function fsApiOf(o: Resolved): FsApi {
  return bindOnce('fs', o.ffi, freebsdLibc(o), (lib, driver) => {
    const count = lib.func('getfsstat', 'int', ['null', 'int64', 'int']);
    const fill = lib.func('getfsstat', 'int', ['buffer', 'int64', 'int']);
    const statfs = lib.func('statfs', 'int', ['cstring', 'buffer']);
    return {
      count: (mode) => count(null, 0, mode) as number,
      fill: (buf, mode) => fill(buf, buf.length, mode) as number,
      statfs: (path, buf) => statfs(path, buf) as number,
      errno: () => driver.errno(),
    };
  });
}

/**
 * libc's interface calls. getifaddrs hands back a linked list in C memory;
 * the FFI vocabulary has no pointer type, so pointers travel as integers
 * (what they are on LP64: every user-space address is below 2^53) and
 * memcpy copies what they point at into a Buffer.
 */
export interface NetApi {
  /** getifaddrs(&head): 0 or -1; the head pointer lands in `out` (8 bytes). */
  getifaddrs(out: Buffer): number;
  freeifaddrs(head: number): void;
  /** Copy `length` bytes from address `from` into `into`. */
  copy(into: Buffer, from: number, length: number): void;
  socket(domain: number, type: number, protocol: number): number;
  /** ioctl(fd, request, arg): declared without `...`, which on amd64 and arm64 FreeBSD passes the same registers. */
  ioctl(fd: number, request: number, arg: Buffer): number;
  close(fd: number): number;
  errno(): number;
}

/** @throws StatError `LIBRARY`. */
export function netApiOf(o: Resolved): NetApi {
  return bindOnce('net', o.ffi, freebsdLibc(o), (lib, driver) => {
    const getifaddrs = lib.func('getifaddrs', 'int', ['buffer']);
    const freeifaddrs = lib.func('freeifaddrs', 'void', ['uint64']);
    const memcpy = lib.func('memcpy', 'void', ['buffer', 'uint64', 'size_t']);
    const socket = lib.func('socket', 'int', ['int', 'int', 'int']);
    const ioctl = lib.func('ioctl', 'int', ['int', 'uint64', 'buffer']);
    const close = lib.func('close', 'int', ['int']);
    return {
      getifaddrs: (out) => getifaddrs(out) as number,
      freeifaddrs: (head) => {
        freeifaddrs(head);
      },
      copy: (into, from, length) => {
        memcpy(into, from, length);
      },
      socket: (d, t, p) => socket(d, t, p) as number,
      ioctl: (fd, request, arg) => ioctl(fd, request, arg) as number,
      close: (fd) => close(fd) as number,
      errno: () => driver.errno(),
    };
  });
}
