import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { openError } from '../errors.js';

/*
 * Reading procfs files cheaply, for callers that poll in a loop.
 *
 * - One buffer is reused for every read (it grows if a file is larger), so a
 *   call allocates nothing but its result. A returned view is only valid until
 *   the next read.
 * - A procfs file (st_size 0: its text is generated on each read) is kept
 *   open and read again from offset 0 with pread; the kernel regenerates it,
 *   so the figures are fresh. At most MAX_KEPT such descriptors are kept, one
 *   per path, for the life of the process (closeProcFiles() releases them).
 * - A regular file (a HOST_PROC fixture) is opened, read and closed on every
 *   call, so a file replaced between calls is always seen as it is now.
 */

const MAX_KEPT = 8;
const kept = new Map<string, number>();
let buffer = Buffer.allocUnsafe(16 * 1024);

/** A view of the shared buffer: valid only until the next readProcFile(). */
export interface FileBytes {
  bytes: Buffer;
  length: number;
}

const result: FileBytes = { bytes: buffer, length: 0 };

function readAll(fd: number): number {
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const space = buffer.length - length;
    const n = readSync(fd, buffer, length, space, length);
    length += n;
    // A short read is the end: procfs (seq_file) fills the whole request
    // unless the text is exhausted, and so does a regular file. This saves
    // the extra read() that would only return 0.
    if (n < space) return length;
  }
}

function keep(path: string, fd: number): void {
  if (kept.size >= MAX_KEPT) {
    const [oldestPath, oldestFd] = kept.entries().next().value as [string, number];
    kept.delete(oldestPath);
    closeQuietly(oldestFd);
  }
  kept.set(path, fd);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or invalid: nothing left to release.
  }
}

/**
 * Read the whole of `path` into the shared buffer.
 * @throws StatError `OPEN` (with errno) when it cannot be opened or read.
 */
export function readProcFile(path: string): FileBytes {
  const keptFd = kept.get(path);
  if (keptFd !== undefined) {
    try {
      result.length = readAll(keptFd);
      result.bytes = buffer;
      return result;
    } catch {
      // The kept descriptor went bad (file gone, fd closed behind our back):
      // forget it and try once more from a fresh open below.
      kept.delete(path);
      closeQuietly(keptFd);
    }
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw openError(path, err);
  }
  let keepIt = false;
  try {
    result.length = readAll(fd);
    result.bytes = buffer;
    keepIt = fstatSync(fd).size === 0 && result.length > 0;
    return result;
  } catch (err) {
    throw openError(path, err);
  } finally {
    if (keepIt) keep(path, fd);
    else closeQuietly(fd);
  }
}

/** Close every descriptor kept open by readProcFile(). Safe to call any time. */
export function closeProcFiles(): void {
  for (const fd of kept.values()) closeQuietly(fd);
  kept.clear();
}

/** How many descriptors are kept open now (for tests and the soak check). */
export function keptProcFiles(): number {
  return kept.size;
}
