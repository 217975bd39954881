import { constants as osConstants } from 'node:os';
import { getSystemErrorMap } from 'node:util';

/**
 * What went wrong, in one word:
 * - `OPEN`: a file could not be read;
 * - `PARSE`: a file or value did not have the expected form (or was too large);
 * - `SYSCTL`: a sysctl call failed (other than "name absent");
 * - `KVM`: libkvm could not be opened or failed, and no fallback worked;
 * - `LIBRARY`: a native library or the FFI package could not be loaded;
 * - `NATIVE`: another native call failed (macOS host_statistics64 and
 *   host_page_size, Windows GlobalMemoryStatusEx, GetPerformanceInfo,
 *   EnumPageFilesW, FreeBSD getfsstat, getifaddrs, socket); `errno` is then
 *   that API's own code (errno, kern_return_t, GetLastError()) and
 *   `errnoName` its name;
 * - `UNSUPPORTED`: no backend for this platform, or this platform lacks the getter;
 * - `ARGUMENT`: an option has a value the getter cannot honour.
 */
export type StatErrorCode = 'OPEN' | 'PARSE' | 'SYSCTL' | 'KVM' | 'LIBRARY' | 'NATIVE' | 'UNSUPPORTED' | 'ARGUMENT';

export const STAT_ERROR_CODES: readonly StatErrorCode[] = ['OPEN', 'PARSE', 'SYSCTL', 'KVM', 'LIBRARY', 'NATIVE', 'UNSUPPORTED', 'ARGUMENT'];

/** Every failure of sysgrab is one of these. */
export class StatError extends Error {
  readonly code: StatErrorCode;
  /** What failed: a path, a sysctl name, a library, a getter. */
  readonly arg: string;
  /**
   * The OS error number (positive, as C's errno), where the OS gave one; for
   * `NATIVE`, the failing API's own code (Windows GetLastError(), Mach kern_return_t).
   */
  readonly errno: number | undefined;
  /** The errno's symbolic name (`EACCES`, `ERROR_BAD_LENGTH`, `KERN_FAILURE`), where known. */
  readonly errnoName: string | undefined;

  /** @param options.errnoName names a code that is not a C errno (Windows, Mach). */
  constructor(code: StatErrorCode, arg: string, message: string, errno?: number, options?: { cause?: unknown; errnoName?: string }) {
    super(message, options);
    this.name = 'StatError';
    this.code = code;
    this.arg = arg;
    this.errno = errno;
    this.errnoName = options?.errnoName ?? (errno === undefined ? undefined : errnoName(errno));
  }

  /** `JSON.stringify(err)` keeps what a log needs (an Error's own fields are not enumerable). */
  toJSON(): { name: string; code: StatErrorCode; arg: string; errno?: number; errnoName?: string; message: string } {
    return { name: this.name, code: this.code, arg: this.arg, errno: this.errno, errnoName: this.errnoName, message: this.message };
  }
}

let namesByNumber: Map<number, string> | undefined;

/** `13` → `EACCES`, using this OS's numbering (FreeBSD's differ from Linux's above 34). */
export function errnoName(errno: number): string | undefined {
  if (!namesByNumber) {
    namesByNumber = new Map();
    for (const [name, value] of Object.entries(osConstants.errno)) {
      if (!namesByNumber.has(value)) namesByNumber.set(value, name);
    }
  }
  return namesByNumber.get(errno);
}

/** `13` → `permission denied (EACCES)`; libuv's wording, which matches strerror's sense. */
export function describeErrno(errno: number): string {
  const name = errnoName(errno);
  const text = getSystemErrorMap().get(-errno)?.[1];
  if (text && name) return `${text} (${name})`;
  if (name) return name;
  return `error ${errno}`;
}

/** The positive errno of an error thrown by `node:fs`, if it has one. */
export function errnoOf(err: unknown): number | undefined {
  const errno = (err as NodeJS.ErrnoException | undefined)?.errno;
  return typeof errno === 'number' ? Math.abs(errno) : undefined;
}

/**
 * A StatError `OPEN` for `path` from an error thrown by `node:fs`.
 * @param origin what chose the path (`HOST_PROC=/x`), put first so the user knows what to fix.
 */
export function openError(path: string, err: unknown, origin?: string): StatError {
  const errno = errnoOf(err);
  const why = errno !== undefined ? describeErrno(errno) : String((err as Error | undefined)?.message ?? err);
  return new StatError('OPEN', path, `${origin ? `${origin}: ` : ''}cannot read ${path}: ${why}`, errno, { cause: err });
}
