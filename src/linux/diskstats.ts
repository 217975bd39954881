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
  const fields: number[] = [];
  let i = 0;
  while (i < length) {
    // One line: fields 0, 1 and 3..9 as numbers, field 2 (the name) as a string.
    let name = '';
    let nfields = 0;
    let bad = false;
    fields.length = 0;
    while (i < length && bytes[i] !== NL) {
      while (i < length && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
      if (i >= length || bytes[i] === NL) break;
      const start = i;
      while (i < length && bytes[i] !== SPACE && bytes[i] !== TAB && bytes[i] !== NL) i++;
      if (nfields === 2) name = bytes.toString('utf8', start, i);
      else if (nfields < 10) {
        let v = 0;
        for (let k = start; k < i; k++) {
          const d = bytes[k]! - 0x30;
          if (d < 0 || d > 9) bad = true;
          v = v * 10 + d;
        }
        fields.push(v);
      }
      nfields++;
    }
    i++;
    if (nfields < 14 || bad) continue;
    // fields: [major, minor, reads, reads merged, sectors read, ms reading, writes, writes merged, sectors written]
    out.push({
      diskName: name,
      readBytes: fields[4]! * SECTOR_BYTES,
      writeBytes: fields[8]! * SECTOR_BYTES,
      readOps: fields[2]!,
      writeOps: fields[6]!,
      time,
    });
  }
  return out;
}
