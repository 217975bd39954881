import type { DiskIoStats } from '../types/disk.js';

/*
 * /proc/diskstats (Documentation/admin-guide/iostats.rst): "major minor name"
 * then 11 (kernel < 4.18), 15 (4.18+, discards) or 17 (5.5+, flushes)
 * counters. Every line counts, as in libstatgrab: whole disks, partitions,
 * loop, dm, md, zram.
 */

/** The kernel counts sectors in 512-byte units whatever the device's sector size. */
const SECTOR_BYTES = 512;
const SPACE = 0x20;
const TAB = 0x09;
const NL = 0x0a;

/**
 * Disk counters from diskstats bytes. A line with fewer than 14 fields (the
 * 4-counter partition lines of 2.6.0 to 2.6.24) or a field that is not a
 * number is skipped, as libstatgrab's sscanf skips it.
 */
export function diskIoFromDiskstats(bytes: Buffer, length: number, time: number): DiskIoStats[] {
  const out: DiskIoStats[] = [];
  let i = 0;
  while (i < length) {
    let field = 0;
    let nameStart = 0;
    let nameEnd = 0;
    let readOps = 0;
    let readSectors = 0;
    let writeOps = 0;
    let writeSectors = 0;
    let bad = false;
    while (i < length) {
      let c = bytes[i]!;
      while (c === SPACE || c === TAB) c = bytes[++i]!;
      if (i >= length || c === NL) break;
      const start = i;
      // Fields 3, 5, 7 and 9 (reads, sectors read, writes, sectors written) are numbers sysgrab keeps.
      const wanted = field === 3 || field === 5 || field === 7 || field === 9;
      let v = 0;
      while (i < length && c !== SPACE && c !== TAB && c !== NL) {
        if (wanted) {
          const d = c - 0x30;
          if (d < 0 || d > 9) bad = true;
          v = v * 10 + d;
        }
        c = bytes[++i]!;
      }
      if (field === 2) {
        nameStart = start;
        nameEnd = i;
      } else if (field === 3) readOps = v;
      else if (field === 5) readSectors = v;
      else if (field === 7) writeOps = v;
      else if (field === 9) writeSectors = v;
      field++;
    }
    i++;
    if (field < 14 || bad) continue;
    out.push({ diskName: bytes.toString('utf8', nameStart, nameEnd), readBytes: readSectors * SECTOR_BYTES, writeBytes: writeSectors * SECTOR_BYTES, readOps, writeOps, time });
  }
  return out;
}
