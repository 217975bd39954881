import type { CFunction } from '../ffi/index.js';
import { bindOnce } from '../ffi/index.js';
import { type Resolved, win32Kernel32, win32Psapi } from '../options.js';
import { ENUM_PAGE_FILE_INFORMATION } from './abi.js';

/*
 * kernel32 and psapi, bound once per (driver, path). Every function is
 * WINAPI (__stdcall, which only 32-bit x86 tells apart). psapi's
 * GetPerformanceInfo and EnumPageFilesW are forwarders to kernel32's K32*
 * versions on Windows 7 and later; psapi.dll works on every release.
 */

export interface Kernel32Api {
  /** GlobalMemoryStatusEx(buf): BOOL. */
  globalMemoryStatusEx(buf: Buffer): number;
  /** The calling thread's last error, read right after a failed call. */
  getLastError(): number;
}

// The bindings of the libraries used last, so that a scrape loop does no
// look-up beyond comparing strings.
let lastKernel32: { ffi: string; path: string; api: Kernel32Api } | undefined;
let lastPsapi: { ffi: string; path: string; api: PsapiApi } | undefined;

/** @throws StatError `LIBRARY`. */
export function kernel32Of(o: Resolved): Kernel32Api {
  const path = win32Kernel32(o);
  if (lastKernel32?.ffi !== o.ffi || lastKernel32.path !== path) lastKernel32 = { ffi: o.ffi, path, api: bindKernel32(o.ffi, path) };
  return lastKernel32.api;
}

function bindKernel32(ffi: string, path: string): Kernel32Api {
  return bindOnce('kernel32', ffi, path, (lib) => {
    const gmse = lib.func('GlobalMemoryStatusEx', 'int', ['buffer'], { stdcall: true });
    const gle = lib.func('GetLastError', 'uint', [], { stdcall: true });
    return {
      globalMemoryStatusEx: (buf) => gmse(buf) as number,
      getLastError: () => gle() as number,
    };
  });
}

/** A page file as EnumPageFilesW's callback receives it: the struct's bytes and the name. */
export type PageFileVisitor = (info: Buffer | null, name: string | null) => void;

export interface PsapiApi {
  /** GetPerformanceInfo(buf, cb): BOOL. */
  getPerformanceInfo(buf: Buffer, cb: number): number;
  /**
   * EnumPageFilesW(callback, NULL): BOOL, calling `visit` for each page file.
   * @throws StatError `LIBRARY` under a driver that cannot return a callback's value (ffi-rs).
   */
  enumPageFiles(visit: PageFileVisitor): number;
}

/** @throws StatError `LIBRARY`. */
export function psapiOf(o: Resolved): PsapiApi {
  const path = win32Psapi(o);
  if (lastPsapi?.ffi !== o.ffi || lastPsapi.path !== path) lastPsapi = { ffi: o.ffi, path, api: bindPsapi(o.ffi, path) };
  return lastPsapi.api;
}

function bindPsapi(ffi: string, path: string): PsapiApi {
  return bindOnce('psapi', ffi, path, (lib) => {
    const gpi = lib.func('GetPerformanceInfo', 'int', ['buffer', 'uint'], { stdcall: true });
    // Declared on first use: a driver without callbacks can still read memory.
    let enumPageFiles: CFunction | undefined;
    return {
      getPerformanceInfo: (buf, cb) => gpi(buf, cb) as number,
      enumPageFiles(visit) {
        enumPageFiles ??= lib.func('EnumPageFilesW', 'int', ['callback', 'null'], {
          stdcall: true,
          callback: { name: 'PENUM_PAGE_FILE_CALLBACKW', params: ['handle', { bytes: ENUM_PAGE_FILE_INFORMATION.size }, 'wstring'] },
        });
        return enumPageFiles((_context: unknown, info: Buffer | null, name: string | null) => {
          visit(info, name);
          return 1; // TRUE: go on to the next page file
        }, null) as number;
      },
    };
  });
}
