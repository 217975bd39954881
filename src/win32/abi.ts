import { StatError } from '../errors.js';
import { readU32, readU64, readU64Number, SIZE_T_BYTES } from '../ffi/memory.js';

/*
 * Windows' structs (Windows SDK, as Wine's include/winbase.h and
 * include/psapi.h spell them): DWORD is 4 bytes, SIZE_T the pointer size
 * (8 on x64 and arm64, 4 on ia32).
 */

/** MEMORYSTATUSEX: 64 bytes everywhere (DWORDLONG fields, 8-aligned). dwLength must be set to it. */
export const MEMORYSTATUSEX_SIZE = 64;

export interface MemoryStatus {
  totalPhys: number;
  availPhys: number;
}

/** ullTotalPhys @8, ullAvailPhys @16. */
export function decodeMemoryStatus(buf: Buffer): MemoryStatus {
  return { totalPhys: u64(buf, 8, 'ullTotalPhys', 'GlobalMemoryStatusEx'), availPhys: u64(buf, 16, 'ullAvailPhys', 'GlobalMemoryStatusEx') };
}

/**
 * PERFORMANCE_INFORMATION: DWORD cb, then ten SIZE_T (CommitTotal,
 * CommitLimit, CommitPeak, PhysicalTotal, PhysicalAvailable, SystemCache,
 * KernelTotal, KernelPaged, KernelNonpaged, PageSize), then three DWORD
 * counts. 104 bytes on 64-bit, 56 on 32-bit.
 */
export const PERFORMANCE_INFORMATION = (() => {
  const S = SIZE_T_BYTES;
  const at = (i: number) => S + i * S; // cb is padded to a SIZE_T
  const size = at(10) + 12;
  return {
    size: Math.ceil(size / S) * S,
    physicalTotal: at(3),
    physicalAvailable: at(4),
    systemCache: at(5),
    kernelNonpaged: at(8),
    pageSize: at(9),
  };
})();

export interface PerformanceInfo {
  /** Pages. */
  physicalTotal: number;
  physicalAvailable: number;
  systemCache: number;
  kernelNonpaged: number;
  /** Bytes per page. */
  pageSize: number;
}

export function decodePerformanceInfo(buf: Buffer): PerformanceInfo {
  const P = PERFORMANCE_INFORMATION;
  const f = (offset: number, name: string) => sizeT(buf, offset, name, 'GetPerformanceInfo');
  const pageSize = f(P.pageSize, 'PageSize');
  // 4 KiB on every Windows; a power of two in [512 B, 1 MiB] keeps pages × size exact.
  if (pageSize < 512 || pageSize > 1048576 || (pageSize & (pageSize - 1)) !== 0) {
    throw new StatError('PARSE', 'GetPerformanceInfo', `GetPerformanceInfo() gives an impossible PageSize (${pageSize} bytes)`);
  }
  return {
    physicalTotal: f(P.physicalTotal, 'PhysicalTotal'),
    physicalAvailable: f(P.physicalAvailable, 'PhysicalAvailable'),
    systemCache: f(P.systemCache, 'SystemCache'),
    kernelNonpaged: f(P.kernelNonpaged, 'KernelNonpaged'),
    pageSize,
  };
}

/** ENUM_PAGE_FILE_INFORMATION: DWORD cb, DWORD Reserved, SIZE_T TotalSize, TotalInUse, PeakUsage (pages). */
export const ENUM_PAGE_FILE_INFORMATION = { size: 8 + 3 * SIZE_T_BYTES, totalSize: 8, totalInUse: 8 + SIZE_T_BYTES };

export interface PageFile {
  name: string;
  /** Pages. */
  totalSize: number;
  totalInUse: number;
}

export function decodePageFile(buf: Buffer, name: string): PageFile {
  const E = ENUM_PAGE_FILE_INFORMATION;
  return { name, totalSize: sizeT(buf, E.totalSize, 'TotalSize', 'EnumPageFilesW'), totalInUse: sizeT(buf, E.totalInUse, 'TotalInUse', 'EnumPageFilesW') };
}

function u64(buf: Buffer, offset: number, field: string, call: string): number {
  const v = readU64Number(buf, offset);
  if (v === undefined) throw new StatError('PARSE', call, `${call}() gives an impossible ${field} (${readU64(buf, offset)})`);
  return v;
}

function sizeT(buf: Buffer, offset: number, field: string, call: string): number {
  return SIZE_T_BYTES === 8 ? u64(buf, offset, field, call) : readU32(buf, offset);
}

/** The Win32 error codes these calls give, by name (winerror.h). */
const WIN32_ERRORS: Record<number, string> = {
  2: 'ERROR_FILE_NOT_FOUND',
  5: 'ERROR_ACCESS_DENIED',
  8: 'ERROR_NOT_ENOUGH_MEMORY',
  24: 'ERROR_BAD_LENGTH',
  87: 'ERROR_INVALID_PARAMETER',
  998: 'ERROR_NOACCESS',
};

/** A failed Win32 call as a StatError `NATIVE`, with GetLastError()'s code. */
export function win32Error(call: string, code: number, what: string): StatError {
  const name = WIN32_ERRORS[code] ?? `error ${code}`;
  return new StatError('NATIVE', call, `${what}: ${call}() failed with ${name} (${code})`, code, { errnoName: WIN32_ERRORS[code] });
}
