import { closeSync, constants, fstatSync, openSync, readSync, statfsSync } from 'node:fs';
import { openError, StatError } from '../errors.js';

/*
 * Reading procfs, sysfs and cgroup files cheaply and safely, for callers
 * that poll in a loop.
 *
 * - Bounded: a file larger than its limit (1 MiB unless the caller says
 *   otherwise) is a PARSE error naming it. Only regular files are read
 *   (procfs and sysfs files are regular files to fstat); a FIFO, a device
 *   or a directory is refused before any read, and the open itself never
 *   blocks (O_NONBLOCK), so `meminfo -> /dev/zero` or a FIFO cannot hang
 *   or bloat a process.
 * - Cheap: one 64 KiB buffer is reused for every read, so a call allocates
 *   nothing but its result. A larger file is read into a buffer of its own
 *   that is dropped afterwards: nothing a bad read does outlives the call.
 *   A returned view is only valid until the next read.
 * - A procfs file (fstat size 0: its text is generated on each read) or a
 *   sysfs attribute (size 4096 on a sysfs mount) is kept open and read again
 *   from offset 0 with pread; the kernel regenerates it, so the figures are
 *   fresh. At most MAX_KEPT such
 *   descriptors are kept, one per path; closeProcFiles() releases them. A
 *   regular file with a size (a HOST_PROC fixture) is opened, read and
 *   closed on every call, so a file replaced between calls is seen as it is.
 */

/** The largest file read unless a caller allows more. */
export const MAX_FILE_BYTES = 1024 * 1024;
const SHARED_BYTES = 64 * 1024;
const MAX_KEPT = 32;

const kept = new Map<string, number>();
const shared = Buffer.allocUnsafe(SHARED_BYTES);

/** A view of the bytes read: valid only until the next read. */
export interface FileBytes {
  bytes: Buffer;
  length: number;
}

const view: FileBytes = { bytes: shared, length: 0 };

function tooLarge(path: string, limit: number, origin: string | undefined): StatError {
  const mib = limit / (1024 * 1024);
  return new StatError('PARSE', path, `${origin ? `${origin}: ` : ''}cannot parse ${path}: it is larger than ${mib >= 1 ? `${mib} MiB` : `${limit} bytes`}, which no file sysgrab reads should be`);
}

/** Read all of `fd` into `view`, from offset 0. @throws StatError PARSE past `limit`. */
function readAll(fd: number, path: string, limit: number, origin: string | undefined): void {
  let buffer = shared;
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      // Past the shared buffer: a private one, at most one byte over the limit
      // (which is how "too large" is seen without reading any further).
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const space = buffer.length - length;
    const n = readSync(fd, buffer, length, space, length);
    length += n;
    if (length > limit) throw tooLarge(path, limit, origin);
    // A short read is the end: procfs (seq_file) fills the whole request
    // unless the text is exhausted, and so does a regular file. This saves
    // the extra read() that would only return 0.
    if (n < space) break;
  }
  view.bytes = buffer;
  view.length = length;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or invalid: nothing left to release.
  }
}

function keep(path: string, fd: number): void {
  if (kept.size >= MAX_KEPT) {
    const oldest = kept.entries().next().value;
    if (oldest !== undefined) {
      kept.delete(oldest[0]);
      closeQuietly(oldest[1]);
    }
  }
  kept.set(path, fd);
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
/** statfs f_type of sysfs (linux/magic.h SYSFS_MAGIC). */
const SYSFS_MAGIC = 0x62656572;
/** The size fstat gives every sysfs attribute. */
const SYSFS_ATTRIBUTE_SIZE = 4096;

/** A sysfs attribute: regenerated on each read, so worth keeping open. */
function isSysfsAttribute(path: string, size: number): boolean {
  if (size !== SYSFS_ATTRIBUTE_SIZE) return false;
  try {
    return statfsSync(path).type === SYSFS_MAGIC;
  } catch {
    return false;
  }
}
const EISDIR = 21;

function notAFile(path: string, what: string, origin: string | undefined, errno?: number): StatError {
  return new StatError('OPEN', path, `${origin ? `${origin}: ` : ''}cannot read ${path}: it is ${what}, not a file (sysgrab reads only regular, procfs and sysfs files)`, errno);
}

/**
 * Read the whole of `path`.
 * @param origin what chose the path (`HOST_PROC=/x`), named first in errors.
 * @param limit the largest size accepted, in bytes.
 * @throws StatError `OPEN` (with errno) when it cannot be opened or read or
 *   is not a regular file; `PARSE` when it is larger than `limit`.
 */
export function readProcFile(path: string, origin?: string, limit = MAX_FILE_BYTES): FileBytes {
  const keptFd = kept.get(path);
  if (keptFd !== undefined) {
    try {
      readAll(keptFd, path, limit, origin);
      return view;
    } catch (err) {
      if (err instanceof StatError) throw err;
      // The kept descriptor went bad (file gone, fd closed behind our back):
      // forget it and try once more from a fresh open below.
      kept.delete(path);
      closeQuietly(keptFd);
    }
  }
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    throw openError(path, err, origin);
  }
  let keepIt = false;
  try {
    let size: number;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        throw st.isDirectory()
          ? notAFile(path, 'a directory', origin, EISDIR)
          : notAFile(path, st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file', origin);
      }
      size = st.size;
    } catch (err) {
      throw err instanceof StatError ? err : openError(path, err, origin);
    }
    if (size > limit) throw tooLarge(path, limit, origin);
    try {
      readAll(fd, path, limit, origin);
    } catch (err) {
      throw err instanceof StatError ? err : openError(path, err, origin);
    }
    keepIt = view.length > 0 && (size === 0 || isSysfsAttribute(path, size));
    return view;
  } finally {
    if (keepIt) keep(path, fd);
    else closeQuietly(fd);
  }
}

/**
 * Read a file that is read once and may vanish at any time (/proc/<pid>/*),
 * without readProcFile()'s fstat: the open cannot block (O_NONBLOCK), the
 * read is bounded by `limit`, and a directory fails the read (EISDIR). Of
 * the hundreds read per process listing, the fstat would be a quarter of
 * the system calls.
 * @throws StatError `OPEN` (with errno), `PARSE` past `limit`.
 */
export function readTransient(path: string, origin?: string, limit = MAX_FILE_BYTES): FileBytes {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    throw openError(path, err, origin);
  }
  try {
    readAll(fd, path, limit, origin);
    return view;
  } catch (err) {
    throw err instanceof StatError ? err : openError(path, err, origin);
  } finally {
    closeQuietly(fd);
  }
}

/** Read `path` as UTF-8 text (a fresh string; no view to outlive). */
export function readProcText(path: string, origin?: string, limit = MAX_FILE_BYTES): string {
  const file = readProcFile(path, origin, limit);
  return file.bytes.toString('utf8', 0, file.length);
}

/** Close every descriptor kept open by readProcFile() and drop any buffer beyond the shared one. Safe to call any time. */
export function closeProcFiles(): void {
  for (const fd of kept.values()) closeQuietly(fd);
  kept.clear();
  // And let go of a private buffer the last large read left in the view.
  view.bytes = shared;
  view.length = 0;
}

/** How many descriptors are kept open now (for tests and the soak check). */
export function keptProcFiles(): number {
  return kept.size;
}
