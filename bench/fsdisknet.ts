import { closeSync, openSync, readSync, statfsSync } from 'node:fs';
import { getDiskIoStats, getFsStats, getNetworkIoStats } from '../src/index.js';
import { measure, QUICK, row, type Area, type Row } from './lib.js';

/*
 * Linux file systems, disks and network: each getter against its read
 * floor, the same kernel reads with nothing done to the bytes: a kept
 * descriptor and buffer for the procfs file, and for getFsStats the
 * mountinfo read plus statfs of the same mounts.
 */

export const fsDiskNetArea: Area = {
  name: 'Linux file systems, disks, network',
  unavailable: () => (process.platform === 'linux' ? undefined : 'reads Linux /proc'),
  async rows(): Promise<Row[]> {
    const buf = Buffer.alloc(256 * 1024);
    const fds = { mountinfo: openSync('/proc/self/mountinfo', 'r'), diskstats: openSync('/proc/diskstats', 'r'), netdev: openSync('/proc/net/dev', 'r') };
    const mounts = getFsStats().map((f) => f.mntPoint);
    const floorFs = () => {
      readSync(fds.mountinfo, buf, 0, buf.length, 0);
      for (const m of mounts) statfsSync(m);
    };
    const n = QUICK ? 2_000 : 50_000;
    const m = await measure([
      { name: 'floor fs', calls: n, fn: floorFs },
      { name: 'getFsStats', calls: n, fn: () => getFsStats() },
      { name: 'floor diskstats', calls: n, fn: () => readSync(fds.diskstats, buf, 0, buf.length, 0) },
      { name: 'getDiskIoStats', calls: n, fn: () => getDiskIoStats() },
      { name: 'floor net/dev', calls: n, fn: () => readSync(fds.netdev, buf, 0, buf.length, 0) },
      { name: 'getNetworkIoStats', calls: n, fn: () => getNetworkIoStats() },
    ]);
    for (const fd of Object.values(fds)) closeSync(fd);
    const within = (r: number) => r <= 1.5;
    return [
      row(
        'getFsStats() per call',
        m.get('getFsStats')!,
        `getFsStats() (${mounts.length} real mounts)`,
        m.get('floor fs')!,
        'readSync of /proc/self/mountinfo + statfsSync of the same mounts',
        '≤ 1.5×',
        within,
      ),
      row('getDiskIoStats() per call', m.get('getDiskIoStats')!, 'getDiskIoStats()', m.get('floor diskstats')!, 'readSync of /proc/diskstats, reused fd and buffer', '≤ 1.5×', within),
      row('getNetworkIoStats() per call', m.get('getNetworkIoStats')!, 'getNetworkIoStats()', m.get('floor net/dev')!, 'readSync of /proc/net/dev, reused fd and buffer', '≤ 1.5×', within),
    ];
  },
};
