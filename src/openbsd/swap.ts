import { describeErrno } from '../errors.js';
import type { SwapStats } from '../types/swap.js';
import { DEV_BSIZE, decodeSwapent, type SwapEntry, SWAPENT, type Uvmexp } from './abi.js';
import type { SwapctlApi } from './libs.js';

/*
 * OpenBSD swap: swapctl(SWAP_STATS), one row per device; the totals are the
 * sums of the enabled rows, so that they agree with the devices. Only where
 * swapctl fails do the totals come from uvmexp (swpages, swpginuse), without
 * devices.
 */

export function swapStatsFromEntries(entries: readonly SwapEntry[]): SwapStats {
  const devices = entries
    .filter((e) => e.enabled)
    .map((e) => {
      const total = e.nblks * DEV_BSIZE;
      return { name: e.path, total, used: Math.min(e.inuse * DEV_BSIZE, total) };
    });
  const total = devices.reduce((t, d) => t + d.total, 0);
  const used = devices.reduce((t, d) => t + d.used, 0);
  return { total, used, free: total - used, devices };
}

export function swapStatsFromUvmexp(u: Uvmexp): SwapStats {
  const total = Math.max(0, u.swpages) * u.pagesize;
  const used = Math.min(Math.max(0, u.swpginuse) * u.pagesize, total);
  return { total, used, free: total - used };
}

/** Devices past this are not asked for: OpenBSD's kernel takes at most a few dozen. */
const MAX_DEVICES = 256;

/** The swapctl rows, or why they could not be read. */
export function readSwapEntries(api: SwapctlApi): SwapEntry[] | { problem: string } {
  const n = api.count();
  if (n < 0) return { problem: `swapctl(SWAP_NSWAP) failed: ${describeErrno(api.errno())}` };
  if (n === 0) return [];
  const max = Math.min(n, MAX_DEVICES);
  const buf = Buffer.alloc(max * SWAPENT.size);
  const got = api.stats(buf, max);
  if (got < 0) return { problem: `swapctl(SWAP_STATS) failed: ${describeErrno(api.errno())}` };
  return Array.from({ length: Math.min(got, max) }, (_, i) => decodeSwapent(buf, i));
}
