import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { openError, StatError } from '../errors.js';
import type { UserStats } from '../types/user.js';
import { FUTX, UTX_USER_PROCESS } from './abi.js';

/*
 * FreeBSD login sessions: /var/run/utx.active, an array of 197-byte struct
 * futx (big-endian integers), read directly as gopsutil does rather than
 * through getutxent(3). getutxent copies at most 31, 15 and 127 bytes of
 * user, line and host (utxdb.c futx_to_utx); so does this. A file that is not
 * a whole number of records is one libc refuses (EFTYPE): a PARSE error here.
 */

function cString(b: Buffer, offset: number, size: number, keep: number): string {
  let end = b.indexOf(0, offset);
  if (end < 0 || end > offset + size) end = offset + size;
  return b.toString('utf8', offset, Math.min(end, offset + keep));
}

/** The USER_PROCESS records of utx.active's bytes. @throws StatError `PARSE`. */
export function usersFromUtx(b: Buffer, path: string): UserStats[] {
  if (b.length % FUTX.size !== 0) throw new StatError('PARSE', path, `cannot parse ${path}: ${b.length} bytes is not a whole number of ${FUTX.size}-byte struct futx records`);
  const o = FUTX.offsets;
  const users: UserStats[] = [];
  for (let at = 0; at < b.length; at += FUTX.size) {
    if (b[at + o.type] !== UTX_USER_PROCESS) continue;
    users.push({
      loginName: cString(b, at + o.user, FUTX.bytes.user, FUTX.bytes.user - 1),
      device: cString(b, at + o.line, FUTX.bytes.line, FUTX.bytes.line - 1),
      hostname: cString(b, at + o.host, FUTX.bytes.host, FUTX.bytes.host - 1),
      pid: b.readUInt32BE(at + o.pid),
      loginTime: Number(b.readBigUInt64BE(at + o.tv) / 1000000n),
      recordId: cString(b, at + o.id, FUTX.bytes.id, FUTX.bytes.id),
    });
  }
  return users;
}

/** utx.active holds one record per terminal: a larger file is not one. */
const MAX_UTX_BYTES = 16 * 1024 * 1024;

/** The file's bytes, or undefined when it does not exist. @throws StatError `OPEN`, `PARSE`. */
export function readUtx(path: string, origin: string | undefined): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw openError(path, err, origin);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new StatError('OPEN', path, `${origin ? `${origin}: ` : ''}cannot read ${path}: it is not a regular file`);
    if (st.size > MAX_UTX_BYTES) throw new StatError('PARSE', path, `${origin ? `${origin}: ` : ''}cannot parse ${path}: it is larger than ${MAX_UTX_BYTES / 1048576} MiB`);
    const b = Buffer.alloc(st.size);
    let got = 0;
    while (got < b.length) {
      const n = readSync(fd, b, got, b.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return b.subarray(0, got);
  } catch (err) {
    throw err instanceof StatError ? err : openError(path, err, origin);
  } finally {
    closeSync(fd);
  }
}
