import { StatError } from './errors.js';
import type { FfiName, StatOptions } from './types.js';

/*
 * Each option: the option, else its environment variable, else the default
 * (an empty variable counts as unset). Read on every call, so a long-running
 * process follows changes to its environment; each backend reads only the
 * variables it uses, because an environment lookup costs about as much as
 * parsing ten lines of /proc/meminfo.
 */

const env = process.env;

/** `platform` / SYSGRAB_PLATFORM / process.platform. */
export function platformOf(o: StatOptions | undefined): string {
  return o?.platform ?? (env.SYSGRAB_PLATFORM || process.platform);
}

/** `procRoot` / HOST_PROC / `/proc`. */
export function procRootOf(o: StatOptions | undefined): string {
  return o?.procRoot ?? (env.HOST_PROC || '/proc');
}

/** `libc` / SYSGRAB_LIBC / `libc.so.7`. */
export function libcOf(o: StatOptions | undefined): string {
  return o?.libc ?? (env.SYSGRAB_LIBC || 'libc.so.7');
}

/** `libkvm` / SYSGRAB_LIBKVM / `libkvm.so.7`. */
export function libkvmOf(o: StatOptions | undefined): string {
  return o?.libkvm ?? (env.SYSGRAB_LIBKVM || 'libkvm.so.7');
}

/** `ffi` / SYSGRAB_FFI / `koffi`. @throws StatError `LIBRARY` for another name. */
export function ffiOf(o: StatOptions | undefined): FfiName {
  const ffi = o?.ffi ?? (env.SYSGRAB_FFI || 'koffi');
  if (ffi !== 'koffi' && ffi !== 'ffi-rs') {
    throw new StatError('LIBRARY', String(ffi), `unknown FFI driver "${ffi}": use koffi or ffi-rs`);
  }
  return ffi;
}
