import type { KvmSwapRow } from './abi.js';

/*
 * The small interface every FFI driver implements: FreeBSD's C functions,
 * with memory passed as Buffers the callee writes into. Everything above it
 * (sysctl.ts, kvm.ts) is shared, so koffi and ffi-rs run the same logic.
 */

/** libc.so.7's sysctl family. Each call returns C's return value; errno() reads errno after it. */
export interface LibcApi {
  /**
   * sysctlbyname(name, oldp, oldlenp, NULL, 0). `name` is NUL-terminated
   * bytes (encoded once by the caller, not on every call); `oldlenp` holds a size_t.
   */
  sysctlbyname(name: Buffer, oldp: Buffer, oldlenp: Buffer): number;
  /** sysctlnametomib(name, mibp, sizep). `mibp` holds ints, `sizep` a size_t. */
  sysctlnametomib(name: string, mibp: Buffer, sizep: Buffer): number;
  /** sysctl(mib, namelen, oldp, oldlenp, NULL, 0). */
  sysctl(mib: Buffer, namelen: number, oldp: Buffer, oldlenp: Buffer): number;
  /** devname(dev, type): the device's name without /dev/, or null. */
  devname(dev: bigint, type: number): string | null;
  /** errno as the last call left it. */
  errno(): number;
}

/** An open libkvm handle; opaque to everyone but its driver. */
export type KvmHandle = object;

/** libkvm.so.7's swap functions. */
export interface KvmApi {
  /** kvm_openfiles(NULL, corefile, NULL, O_RDONLY, errbuf): a handle, or null with errbuf filled. */
  openfiles(corefile: string, errbuf: Buffer): KvmHandle | null;
  /**
   * kvm_getswapinfo(kd, ary, max, flags) into a `max`-row array: the device
   * rows then the total row (count + 1 rows in all), or null when it returned -1.
   */
  getswapinfo(kd: KvmHandle, max: number, flags: number): { count: number; rows: KvmSwapRow[] } | null;
  /** kvm_close(kd). */
  close(kd: KvmHandle): number;
  /** kvm_geterr(kd): the last error text. */
  geterr(kd: KvmHandle): string;
}

export interface FfiDriver {
  readonly name: 'koffi' | 'ffi-rs';
  /** @throws StatError `LIBRARY` when the library cannot be loaded or lacks a function. */
  loadLibc(path: string): LibcApi;
  /** @throws StatError `LIBRARY` likewise. */
  loadLibkvm(path: string): KvmApi;
}
