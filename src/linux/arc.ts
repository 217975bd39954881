import { StatError } from '../errors.js';
import type { ArcStats } from '../types/mem.js';

/*
 * The ZFS ARC on Linux, from OpenZFS's /proc/spl/kstat/zfs/arcstats
 * (module/os/linux/spl/spl-kstat.c): a kstat header line, a
 * `name type data` column line, then `name type data` rows, type 4 being a
 * uint64 (`%llu`). Linux's MemAvailable does not count the ARC (it is not
 * page cache), so the host's `available` adds what the ARC would give back:
 * its size above its floor, c_min.
 */

const ARC_KEYS = ['size', 'c_min', 'c_max'] as const;
type ArcKey = (typeof ARC_KEYS)[number];

/**
 * ArcStats from the text of arcstats.
 * @throws StatError `PARSE` naming the file when size, c_min or c_max is missing or malformed.
 */
export function arcFromKstat(text: string, path: string): ArcStats {
  const found: Partial<Record<ArcKey, number>> = {};
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const key = fields[0] as ArcKey;
    if (!ARC_KEYS.includes(key) || found[key] !== undefined) continue;
    const value = fields[2];
    if (fields.length !== 3 || !/^\d+$/.test(value!)) {
      throw new StatError('PARSE', path, `cannot parse ${path}: the ${key} row is "${line.trim()}", not "name type value"`);
    }
    const n = Number(value);
    if (n > Number.MAX_SAFE_INTEGER) throw new StatError('PARSE', path, `cannot parse ${path}: the value of ${key} is out of range`);
    found[key] = n;
  }
  for (const key of ARC_KEYS) {
    if (found[key] === undefined) throw new StatError('PARSE', path, `cannot parse ${path}: it has no ${key} row`);
  }
  return { size: found.size!, min: found.c_min!, max: found.c_max! };
}

/** The part of the ARC the kernel can take back: `max(0, size − c_min)`. */
export function reclaimableArc(arc: ArcStats): number {
  return Math.max(0, arc.size - arc.min);
}
