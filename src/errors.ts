import { constants as osConstants } from 'node:os';
import { getSystemErrorMap } from 'node:util';

/**
 * What went wrong, in one word:
 * - `OPEN`: a file could not be read;
 * - `PARSE`: a file or value did not have the expected form;
 * - `SYSCTL`: a sysctl call failed (other than "name absent");
 * - `KVM`: libkvm could not be opened or failed, and no fallback worked;
 * - `LIBRARY`: a native library or the FFI package could not be loaded;
 * - `UNSUPPORTED`: no backend for this platform.
 */
export type StatErrorCode = 'OPEN' | 'PARSE' | 'SYSCTL' | 'KVM' | 'LIBRARY' | 'UNSUPPORTED';

export const STAT_ERROR_CODES: readonly StatErrorCode[] = ['OPEN', 'PARSE', 'SYSCTL', 'KVM', 'LIBRARY', 'UNSUPPORTED'];

/** Every failure of sysgrab is one of these. */
export class StatError extends Error {
  readonly code: StatErrorCode;
  /** What failed: a path, a sysctl name, a library. */
  readonly arg: string;
  /** The OS error number (positive, as C's errno), where the OS gave one. */
  readonly errno: number | undefined;
  /** The errno's symbolic name (`EACCES`), where known. */
  readonly errnoName: string | undefined;

  constructor(code: StatErrorCode, arg: string, message: string, errno?: number) {
    super(message);
    this.name = 'StatError';
    this.code = code;
    this.arg = arg;
    this.errno = errno;
    this.errnoName = errno === undefined ? undefined : errnoName(errno);
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

/** Turn an error thrown by `node:fs` into a StatError `OPEN` for `path`. */
export function openError(path: string, err: unknown): StatError {
  const errno = typeof (err as NodeJS.ErrnoException)?.errno === 'number'
    ? Math.abs((err as NodeJS.ErrnoException).errno as number)
    : undefined;
  const why = errno !== undefined ? describeErrno(errno) : String((err as Error)?.message ?? err);
  return new StatError('OPEN', path, `cannot read ${path}: ${why}`, errno);
}
