import { StatError } from '../errors.js';
import type { FfiDriver, NativeLibrary } from './driver.js';

export type { CFunction, CType, FfiDriver, Handle, NativeLibrary } from './driver.js';

/*
 * Loading native code, lazily and once: the FFI package on the first native
 * call, each library on its first use. A failed load is not cached, so a
 * later call can succeed (a library installed meanwhile, a fixed variable).
 */

/** @throws StatError `LIBRARY` for an unknown name or a package that cannot be loaded. */
export function driver(name: string): FfiDriver {
  if (name === 'koffi') return (require('./koffi.js') as typeof import('./koffi.js')).koffiDriver;
  if (name === 'ffi-rs') return (require('./ffi-rs.js') as typeof import('./ffi-rs.js')).ffiRsDriver;
  throw new StatError('LIBRARY', name, `unknown FFI driver "${name}": use koffi or ffi-rs`);
}

const libraries = new Map<string, { driver: FfiDriver; library: NativeLibrary }>();

/**
 * `path` loaded through the driver `ffi`, once per (driver, path).
 * @throws StatError `LIBRARY`.
 */
export function loadLibrary(ffi: string, path: string): { driver: FfiDriver; library: NativeLibrary } {
  const key = `${ffi}\0${path}`;
  let entry = libraries.get(key);
  if (entry === undefined) {
    const d = driver(ffi);
    entry = { driver: d, library: d.load(path) };
    libraries.set(key, entry);
  }
  return entry;
}

/**
 * A platform's bound functions for a library, built once per (driver, path)
 * by `bind` and cached under `kind` (so libc's sysctl family and its
 * getfsstat are separate sets that load the same library once).
 */
export function bindOnce<T>(kind: string, ffi: string, path: string, bind: (library: NativeLibrary, driver: FfiDriver) => T): T {
  const key = `${kind}\0${ffi}\0${path}`;
  let api = bound.get(key) as T | undefined;
  if (api === undefined) {
    const { driver: d, library } = loadLibrary(ffi, path);
    api = bind(library, d);
    bound.set(key, api);
  }
  return api;
}

const bound = new Map<string, unknown>();
