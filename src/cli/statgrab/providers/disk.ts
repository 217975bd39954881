import { type DiskIoStats, diskIoDeltas, getDiskIoStats } from '../../../index.js';
import { type Provider, type StatItem, statName } from '../keys.js';

/*
 * disk. (statgrab.c populate_disk): every device the kernel counts. With
 * -o/-s the counters are the growth since the previous reading (the first
 * reading is absolute, as libstatgrab's first _diff call), a disk that
 * appeared in between keeps its absolute counters and time, one that went
 * away is left out; systime is then the whole seconds between the two
 * readings. A counter that went backwards (device re-created) counts from
 * 0, where libstatgrab's unsigned subtraction prints a number near 2^64.
 */

/** time(NULL) of a reading taken at `ms` milliseconds since the epoch. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/** The disks to print and each one's systime: absolute, or -o/-s differences. */
export function diskReading(now: DiskIoStats[], before: DiskIoStats[] | undefined): { disk: DiskIoStats; systime: number }[] {
  if (before === undefined) return now.map((disk) => ({ disk, systime: seconds(disk.time) }));
  const old = new Map(before.map((d) => [d.diskName, d]));
  const deltas = diskIoDeltas(before, now);
  return now.map((d, i) => {
    const b = old.get(d.diskName);
    return { disk: deltas[i]!, systime: b === undefined ? seconds(d.time) : Math.max(0, seconds(d.time) - seconds(b.time)) };
  });
}

export const diskProvider: Provider = {
  toplevel: 'disk.',
  populate: (ctx) => {
    const now = getDiskIoStats(ctx.options);
    const before = ctx.diffs ? (ctx.state.get('disks') as DiskIoStats[] | undefined) : undefined;
    if (ctx.diffs) ctx.state.set('disks', now);
    const items: StatItem[] = [];
    for (const { disk, systime } of diskReading(now, before)) {
      const k = (key: string) => statName('disk', disk.diskName, key);
      items.push(
        { name: k('disk_name'), type: 'string', value: disk.diskName },
        { name: k('read_bytes'), type: 'bytes', value: disk.readBytes },
        { name: k('write_bytes'), type: 'bytes', value: disk.writeBytes },
        { name: k('systime'), type: 'time', value: systime },
      );
    }
    return items;
  },
  keys: [
    { key: 'disk.<name>.disk_name', help: 'sda, nvme0n1p1, dm-0, loop0 (Linux); ada0, nda1 (FreeBSD)' },
    { key: 'disk.<name>.read_bytes', help: 'bytes read since boot (-o/-s: since the last reading)' },
    { key: 'disk.<name>.write_bytes', help: 'bytes written' },
    { key: 'disk.<name>.systime', help: 'time of the reading (-o/-s: seconds between readings)' },
  ],
};
