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
  return name === 'ffi-rs'
    ? (require('./ffi-rs.js') as typeof import('./ffi-rs.js')).ffiRsDriver
    : (require('./koffi.js') as typeof import('./koffi.js')).koffiDriver;
}

function loadOnce<T>(cache: Map<string, T>, ffi: FfiName, path: string, load: (d: FfiDriver) => T): T {
  const key = `${ffi}\0${path}`;
  let api = cache.get(key);
  if (!api) {
    api = load(driver(ffi));
    cache.set(key, api);
  }
  return api;
}

/** libc's sysctl functions from `path` through the `ffi` driver. @throws StatError LIBRARY */
export function libc(ffi: FfiName, path: string): LibcApi {
  return loadOnce(libcs, ffi, path, (d) => d.loadLibc(path));
}

/** libkvm's swap functions from `path` through the `ffi` driver. @throws StatError LIBRARY */
export function libkvm(ffi: FfiName, path: string): KvmApi {
  return loadOnce(libkvms, ffi, path, (d) => d.loadLibkvm(path));
}
