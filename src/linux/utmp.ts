import type { UserStats } from '../types/user.js';

/*
 * glibc's utmp file (/var/run/utmp; utmp(5), bits/utmp.h): an array of
 * struct utmp in the machine's byte order.
 *
 *   ut_type i16 @0, ut_pid i32 @4, ut_line[32] @8, ut_id[4] @40,
 *   ut_user[32] @44, ut_host[256] @76, ut_exit @332, then
 *   x86 (and 32-bit arches), __WORDSIZE_TIME64_COMPAT32 = 1:
 *     ut_session i32 @336, ut_tv {i32 sec @340, i32 usec @344}: 384 bytes;
 *   AArch64 (COMPAT32 = 0):
 *     ut_session i64 @336, ut_tv {i64 sec @344, i64 usec @352}: 400 bytes.
 *
 * libstatgrab lists USER_PROCESS (7) records, strings cut at their first
 * NUL; so does this.
 */

export const USER_PROCESS = 7;

export interface UtmpLayout {
  size: number;
  /** Offset of ut_tv.tv_sec. */
  tvSec: number;
  /** Bytes of tv_sec (4 or 8). */
  tvSecBytes: 4 | 8;
}

export const UTMP_X86: UtmpLayout = { size: 384, tvSec: 340, tvSecBytes: 4 };
export const UTMP_AARCH64: UtmpLayout = { size: 400, tvSec: 344, tvSecBytes: 8 };

/** The layout glibc uses on `arch` (process.arch). */
export function utmpLayoutOf(arch: string): UtmpLayout {
  return arch === 'arm64' ? UTMP_AARCH64 : UTMP_X86;
}

function cString(b: Buffer, offset: number, size: number): string {
  const end = b.indexOf(0, offset);
  return b.toString('utf8', offset, end < 0 || end > offset + size ? offset + size : end);
}

/** The login sessions in a utmp file's bytes; a partial last record is ignored, as glibc does. */
export function usersFromUtmp(b: Buffer, length: number, layout: UtmpLayout, littleEndian = true): UserStats[] {
  const users: UserStats[] = [];
  for (let at = 0; at + layout.size <= length; at += layout.size) {
    const type = littleEndian ? b.readInt16LE(at) : b.readInt16BE(at);
    if (type !== USER_PROCESS) continue;
    const pid = littleEndian ? b.readInt32LE(at + 4) : b.readInt32BE(at + 4);
    const sec =
      layout.tvSecBytes === 4
        ? littleEndian
          ? b.readInt32LE(at + layout.tvSec)
          : b.readInt32BE(at + layout.tvSec)
        : Number(littleEndian ? b.readBigInt64LE(at + layout.tvSec) : b.readBigInt64BE(at + layout.tvSec));
    users.push({
      loginName: cString(b, at + 44, 32),
      device: cString(b, at + 8, 32),
      hostname: cString(b, at + 76, 256),
      pid,
      loginTime: sec,
      recordId: cString(b, at + 40, 4),
    });
  }
  return users;
}
