import { hostname, uptime } from 'node:os';
import { type DiskIoStats, diskIoRates, getDiskIoStats, getFsStats, getMemStats, getNetworkIoStats, getSwapStats, type NetworkIoStats, networkIoRates } from '../../index.js';
import type { SaidarFrame } from './render.js';

/*
 * What saidar shows, read fresh for each frame. Each figure is read on its
 * own: one that fails (a file system that vanished, a restricted /proc) is
 * left blank and the others are still shown. Disk and interface rates are
 * per second between this frame's counters and the previous frame's.
 */

export interface Sampler {
  /** The next frame; `now` is the local time to print. */
  next(now: Date): SaidarFrame;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** strftime "%Y-%m-%d %T" in local time. */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

export function makeSampler(fsTypes: string[] | undefined): Sampler {
  let disks: DiskIoStats[] | undefined;
  let nets: NetworkIoStats[] | undefined;
  return {
    next(now: Date): SaidarFrame {
      const mem = attempt(getMemStats);
      const swap = attempt(getSwapStats);
      const fs = attempt(() => (fsTypes === undefined ? getFsStats() : getFsStats({ filter: 'libstatgrab', fsTypes })));
      const newDisks = attempt(getDiskIoStats);
      const newNets = attempt(getNetworkIoStats);
      const frame: SaidarFrame = {
        hostname: attempt(hostname),
        uptimeSeconds: attempt(uptime),
        dateTime: localDateTime(now),
        mem: mem && { total: mem.total, used: mem.used, free: mem.free },
        swap: swap && { total: swap.total, used: swap.used, free: swap.free },
        mounts: fs?.map((f) => ({ mntPoint: f.mntPoint, avail: f.avail, used: f.used })),
      };
      if (newDisks) {
        const rates = disks ? new Map(diskIoRates(disks, newDisks).map((r) => [r.diskName, r])) : undefined;
        frame.disks = newDisks.map((d) => ({ name: d.diskName, readPerSecond: rates?.get(d.diskName)?.readBytesPerSecond, writePerSecond: rates?.get(d.diskName)?.writeBytesPerSecond }));
      }
      if (newNets) {
        const rates = nets ? new Map(networkIoRates(nets, newNets).map((r) => [r.interfaceName, r])) : undefined;
        frame.interfaces = newNets.map((n) => ({ name: n.interfaceName, rxPerSecond: rates?.get(n.interfaceName)?.rxPerSecond, txPerSecond: rates?.get(n.interfaceName)?.txPerSecond }));
      }
      disks = newDisks;
      nets = newNets;
      return frame;
    },
  };
}
