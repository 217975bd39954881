import type { Backend } from '../backend.js';
import type { DiskIoStats } from '../types/disk.js';
import type { NetworkIfaceStats, NetworkIoStats } from '../types/net.js';
import { diskIoFromDiskstats } from './diskstats.js';
import { fsStats, fsStatsAsync } from './fs.js';
import { networkIoFromNetDev } from './netdev.js';
import { ifacesFromSysfs } from './netiface.js';
import type { Resolved } from '../options.js';
import type { MemStats } from '../types/mem.js';
import type { SwapStats } from '../types/swap.js';
import { ESTIMATE_KEYS, MEM_KEYS, meminfoTable, memStatsFromMeminfo, needsEstimate, SWAP_KEYS, swapStatsFromMeminfo } from './meminfo.js';
import { readProcFile, readProcText } from './read.js';
import { parseSwaps } from './swaps.js';

/*
 * Linux (and Android, which is Linux underneath): everything comes from
 * procfs under `procRoot` and sysfs under `sysRoot`. Each statistic is a
 * pure function in its own file; this file only reads and wires them.
 */

const values = new Float64Array(meminfoTable.keys.length);

// `${procRoot}/meminfo`, built once per root rather than on every call.
let lastRoot = '';
let lastPath = '';
function meminfoPath(procRoot: string): string {
  if (procRoot !== lastRoot) {
    lastPath = `${procRoot}/meminfo`;
    lastRoot = procRoot;
  }
  return lastPath;
}

export function memStats(o: Resolved): MemStats {
  const path = meminfoPath(o.procRoot);
  const file = readProcFile(path, o.procOrigin);
  meminfoTable.read(file.bytes, file.length, path, MEM_KEYS, values);
  if (needsEstimate(values)) meminfoTable.read(file.bytes, file.length, path, MEM_KEYS | ESTIMATE_KEYS, values);
  return memStatsFromMeminfo(values, path);
}

export function swapStats(o: Resolved): SwapStats {
  const path = meminfoPath(o.procRoot);
  const file = readProcFile(path, o.procOrigin);
  // Take the totals out before the next read reuses the buffer.
  const totals = swapStatsFromMeminfo(meminfoTable.read(file.bytes, file.length, path, SWAP_KEYS, values), path, undefined);
  const swapsPath = `${o.procRoot}/swaps`;
  let text: string | undefined;
  try {
    text = readProcText(swapsPath, o.procOrigin);
  } catch {
    // No /proc/swaps (a restricted container): totals without devices.
  }
  if (text !== undefined) totals.devices = parseSwaps(text, swapsPath);
  return totals;
}

export function diskIoStats(o: Resolved): DiskIoStats[] {
  const file = readProcFile(`${o.procRoot}/diskstats`, o.procOrigin);
  return diskIoFromDiskstats(file.bytes, file.length, Date.now());
}

export function networkIoStats(o: Resolved): NetworkIoStats[] {
  return networkIoFromNetDev(readProcText(`${o.procRoot}/net/dev`, o.procOrigin), Date.now());
}

/** Interfaces that /proc/net/dev lists, with their link settings from sysfs. */
export function networkIfaceStats(o: Resolved): NetworkIfaceStats[] {
  const names = networkIoFromNetDev(readProcText(`${o.procRoot}/net/dev`, o.procOrigin), 0).map((n) => n.interfaceName);
  return ifacesFromSysfs(o.sysRoot, names);
}

export const linuxBackend: Backend = {
  memStats,
  swapStats,
  fsStats,
  fsStatsAsync,
  diskIoStats,
  networkIoStats,
  networkIfaceStats,
};
