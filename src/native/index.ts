import type { FfiName } from '../types.js';
import type { FfiDriver, KvmApi, LibcApi } from './driver.js';

/*
 * Loading native code, lazily and once: the FFI package on the first
 * FreeBSD call, each library on its first use (libkvm only when swap is
 * asked for). A failed load is not cached, so a later call can succeed.
 */

const libcs = new Map<string, LibcApi>();
const libkvms = new Map<string, KvmApi>();

export function driver(name: FfiName): FfiDriver {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return name === 'ffi-rs'
    ? (require('./ffi-rs.js') as typeof import('./ffi-rs.js')).ffiRsDriver
    : (require('./koffi.js') as typeof import('./koffi.js')).koffiDriver;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** libc's sysctl functions from `path` through the `ffi` driver. @throws StatError LIBRARY */
export function libc(ffi: FfiName, path: string): LibcApi {
  const key = `${ffi}\0${path}`;
  let api = libcs.get(key);
  if (!api) {
    api = driver(ffi).loadLibc(path);
    libcs.set(key, api);
  }
  return api;
}

/** libkvm's swap functions from `path` through the `ffi` driver. @throws StatError LIBRARY */
export function libkvm(ffi: FfiName, path: string): KvmApi {
  const key = `${ffi}\0${path}`;
  let api = libkvms.get(key);
  if (!api) {
    api = driver(ffi).loadLibkvm(path);
    libkvms.set(key, api);
  }
  return api;
}
