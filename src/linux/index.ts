import type { Backend } from '../backend.js';
import { StatError } from '../errors.js';
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
  // The device list is a detail: when /proc/swaps cannot be read (a
  // restricted container) or has a line of another form, the totals, which
  // come from meminfo, still stand, and `devices` is undefined either way.
  // Only what needs the list (freecolor -a) says it is unknown.
  const swapsPath = `${o.procRoot}/swaps`;
  try {
    totals.devices = parseSwaps(readProcText(swapsPath, o.procOrigin), swapsPath);
  } catch (err) {
    if (!(err instanceof StatError)) throw err;
  }
  return totals;
}

export const linuxBackend: Backend = {
  memStats,
  swapStats,
};
