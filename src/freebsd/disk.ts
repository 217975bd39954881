import { StatError } from '../errors.js';
import type { Resolved } from '../options.js';
import type { DiskIoStats } from '../types/disk.js';
import { DEVSTAT, DEVSTAT_ALL_HEADER, DEVSTAT_DISK_TYPES, DEVSTAT_TYPE_MASK, DEVSTAT_VERSION, decodeDevstat } from './abi.js';
import { sysctlOf } from './libs.js';

/*
 * Disk I/O on FreeBSD: the kern.devstat.all sysctl (what libdevstat's
 * devstat_getdevs reads): a `long` generation, then one struct devstat per
 * device. The struct is decoded only when kern.devstat.version is the 6
 * sysgrab knows and, where the kernel says, debug.sizeof.devstat is 288.
 * The kernel answers EBUSY when a device comes or goes during the copy:
 * read again.
 */

const EBUSY = 16;
const TRIES = 5;

/** Pure: disks from kern.devstat.all's bytes, libstatgrab's selection and names (`ada0`). */
export function diskIoFromDevstatAll(buf: Buffer, time: number): DiskIoStats[] {
  const body = buf.length - DEVSTAT_ALL_HEADER;
  if (body < 0 || body % DEVSTAT.size !== 0) {
    throw new StatError('PARSE', 'kern.devstat.all', `kern.devstat.all returned ${buf.length} bytes, not an 8-byte generation followed by ${DEVSTAT.size}-byte struct devstat records`);
  }
  const out: DiskIoStats[] = [];
  for (let off = DEVSTAT_ALL_HEADER; off < buf.length; off += DEVSTAT.size) {
    const d = decodeDevstat(buf, off);
    if (!DEVSTAT_DISK_TYPES.has(d.type & DEVSTAT_TYPE_MASK)) continue;
    out.push({ diskName: `${d.name}${d.unit}`, readBytes: d.bytesRead, writeBytes: d.bytesWrite, readOps: d.opsRead, writeOps: d.opsWrite, time });
  }
  return out;
}

export function diskIoStats(o: Resolved): DiskIoStats[] {
  const s = sysctlOf(o);
  const version = s.number('kern.devstat.version');
  if (version !== undefined && version !== DEVSTAT_VERSION) {
    throw new StatError('PARSE', 'kern.devstat.version', `kern.devstat.version is ${version}; sysgrab reads struct devstat version ${DEVSTAT_VERSION} only`);
  }
  const size = s.number('debug.sizeof.devstat');
  if (size !== undefined && size !== DEVSTAT.size) {
    throw new StatError('PARSE', 'debug.sizeof.devstat', `struct devstat is ${size} bytes on this kernel; sysgrab reads the ${DEVSTAT.size}-byte layout`);
  }
  for (let attempt = 1; ; attempt++) {
    let bytes: Buffer | undefined;
    try {
      bytes = s.bytes('kern.devstat.all', DEVSTAT_ALL_HEADER + 16 * DEVSTAT.size);
    } catch (err) {
      if (err instanceof StatError && err.errno === EBUSY && attempt < TRIES) continue;
      throw err;
    }
    // No devstat at all (a jail without devices): no disks.
    if (bytes === undefined || bytes.length <= DEVSTAT_ALL_HEADER) return [];
    return diskIoFromDevstatAll(bytes, Date.now());
  }
}
