import { Sysctl } from '../bsd/sysctl.js';
import { bindOnce } from '../ffi/index.js';
import { freebsdLibc, freebsdLibkvm, type Resolved } from '../options.js';

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
