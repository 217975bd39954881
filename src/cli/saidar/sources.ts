import { hostname, uptime } from 'node:os';
import {
  type CpuStats,
  cpuPercents,
  type DiskIoStats,
  diffPageStats,
  diskIoRates,
  getCpuStats,
  getDiskIoStats,
  getFsStats,
  getLoadStats,
  getMemStats,
  getNetworkIoStats,
  getPageStats,
  getProcessCount,
  getSwapStats,
  getUserStats,
  type NetworkIoStats,
  networkIoRates,
  type PageStats,
} from '../../index.js';
import type { SaidarFrame } from './render.js';

/*
 * What saidar shows, read fresh for each frame. Each figure is read on its
 * own: one that fails (a file system that vanished, a restricted /proc) is
 * left blank and the others are still shown. Disk, interface and paging
 * rates are per second between this frame's counters and the previous
 * frame's; CPU shares likewise, the first frame's since boot (as saidar's
 * sg_get_cpu_percents). CPU System is kernel + iowait and CPU User is
 * user + nice, as saidar adds them (irq, softirq and steal are in neither).
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
  let cpu: CpuStats | undefined;
  let page: PageStats | undefined;
  return {
    next(now: Date): SaidarFrame {
      const newCpu = attempt(getCpuStats);
      const shares = newCpu && cpuPercents(cpu, newCpu);
      const newPage = attempt(getPageStats);
      const paged = newPage && page && diffPageStats(page, newPage);
      // saidar: pages over the seconds between the readings, or the count itself if none passed.
      const perSecond = (n: number) => (paged && paged.systime > 0 ? n / paged.systime : n);
      const load = attempt(getLoadStats);
      const procs = attempt(getProcessCount);
      const mem = attempt(getMemStats);
      const swap = attempt(getSwapStats);
      const fs = attempt(() => (fsTypes === undefined ? getFsStats() : getFsStats({ filter: 'libstatgrab', fsTypes })));
      const newDisks = attempt(getDiskIoStats);
      const newNets = attempt(getNetworkIoStats);
      const frame: SaidarFrame = {
        hostname: attempt(hostname),
        uptimeSeconds: attempt(uptime),
        dateTime: localDateTime(now),
        load: load && { min1: load.min1, min5: load.min5, min15: load.min15 },
        cpu: shares && { idle: shares.idle, system: shares.kernel + (shares.iowait ?? 0), user: shares.user + shares.nice },
        processes: procs && { running: procs.running, sleeping: procs.sleeping, stopped: procs.stopped, zombie: procs.zombie, total: procs.total },
        users: attempt(getUserStats)?.length,
        paging: paged && { inPerSecond: perSecond(paged.pagesPagein), outPerSecond: perSecond(paged.pagesPageout) },
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
      cpu = newCpu;
      page = newPage;
      return frame;
    },
  };
}
