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

// `${procRoot}/<file>`, built once per root rather than on every call.
const paths = new Map<string, string>();
function procPath(procRoot: string, file: string): string {
  const key = `${procRoot}\0${file}`;
  let p = paths.get(key);
  if (p === undefined) {
    if (paths.size > 64) paths.clear();
    p = `${procRoot}/${file}`;
    paths.set(key, p);
  }
  return p;
}

export function diskIoStats(o: Resolved): DiskIoStats[] {
  const file = readProcFile(procPath(o.procRoot, 'diskstats'), o.procOrigin);
  return diskIoFromDiskstats(file.bytes, file.length, Date.now());
}

export function networkIoStats(o: Resolved): NetworkIoStats[] {
  const file = readProcFile(procPath(o.procRoot, 'net/dev'), o.procOrigin);
  return networkIoFromNetDev(file.bytes, file.length, Date.now());
}

/** Interfaces that /proc/net/dev lists, with their link settings from sysfs. */
export function networkIfaceStats(o: Resolved): NetworkIfaceStats[] {
  const file = readProcFile(`${o.procRoot}/net/dev`, o.procOrigin);
  const names = networkIoFromNetDev(file.bytes, file.length, 0).map((n) => n.interfaceName);
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
