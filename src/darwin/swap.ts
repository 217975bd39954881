import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { SwapStats } from '../types/swap.js';
import { decodeXswUsage, XSW_USAGE_SIZE, type XswUsage } from './abi.js';

/*
 * macOS swap: vm.swapusage. The swap files are created and removed as
 * needed (/System/Volumes/VM/swapfile*), so there are no devices to list.
 */

export function swapStatsFromUsage(x: XswUsage): SwapStats {
  const used = Math.min(x.used, x.total);
  return { total: x.total, used, free: x.total - used };
}

/** @throws StatError `SYSCTL`. */
export function readSwapUsage(s: Sysctl): XswUsage {
  // Twice the struct's size, so that an exactly full buffer is not taken for a cut one.
  const bytes = s.bytes('vm.swapusage', XSW_USAGE_SIZE * 2);
  if (bytes === undefined) throw new StatError('SYSCTL', 'vm.swapusage', 'sysctl vm.swapusage does not exist on this system', 2);
  return decodeXswUsage(bytes);
}
