import { StatError } from '../errors.js';
import type { PageStats } from '../types/page.js';
import { Table } from './table.js';

/*
 * /proc/vmstat (`pgpgin 7344136`): pgpgin and pgpgout count KiB read from and
 * written to block devices (libstatgrab's page.in/out), pswpin and pswpout
 * pages read from and written to swap.
 */

export const vmstatTable = new Table(['pgpgin', 'pgpgout', 'pswpin', 'pswpout'] as const, { separator: ' ', unit: 'none' });

/**
 * PageStats from the table's values (-1 = absent), read at `systime`.
 * @throws StatError `PARSE` when pgpgin or pgpgout is missing (as libstatgrab).
 */
export function pageStatsFromVmstat(v: Float64Array, path: string, systime: number): PageStats {
  const [pgpgin, pgpgout, pswpin, pswpout] = v;
  if (pgpgin! < 0 || pgpgout! < 0) throw new StatError('PARSE', path, `cannot parse ${path}: it has no ${pgpgin! < 0 ? 'pgpgin' : 'pgpgout'} line`);
  return { pagesPagein: pgpgin!, pagesPageout: pgpgout!, swapIn: Math.max(0, pswpin!), swapOut: Math.max(0, pswpout!), systime };
}
