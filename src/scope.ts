import type { ContainerMemStats } from './types/container.js';
import type { MemStats } from './types/mem.js';
import type { Scope } from './types/options.js';
import type { SwapStats } from './types/swap.js';

/*
 * getMemStats()/getSwapStats() in container scope: the container's figures
 * mapped onto MemStats/SwapStats (README, "In a container"), the same way on
 * every platform. Pure functions.
 */

/** Whether `scope` asks for the container's figures, given the container (null: none). */
export function wantsContainer(scope: Scope, c: ContainerMemStats | null): c is ContainerMemStats {
  if (c === null || scope === 'host') return false;
  return scope === 'container' || c.limit !== undefined;
}

/**
 * MemStats of a container: total is its limit when that is below the host's
 * total; used is its working set; cache is its page cache, at most `free`
 * (as on the host, where cache is part of free); buffers, wired, laundry and
 * the ARC are the host's business and left out.
 * @returns undefined when the kernel gave no usage (a jail that RACCT does
 *   not describe): the host's figures then stand.
 */
export function memStatsOfContainer(c: ContainerMemStats, host: MemStats, active?: number, inactive?: number): MemStats | undefined {
  if (c.workingSet === undefined) return undefined;
  const total = c.limit !== undefined && c.limit < host.total ? c.limit : host.total;
  const used = Math.min(c.workingSet, total);
  const free = total - used;
  return {
    total,
    free,
    used,
    // RACCT has no page-cache figure: a jail's cache is 0, as FreeBSD's own
    // cache queue has been since 12.
    cache: Math.min(c.file ?? 0, free),
    available: Math.min(c.available, total),
    shared: c.shmem,
    active,
    inactive,
  };
}

/**
 * SwapStats of a container: its swap limit capped by the host's swap (the
 * host's total without a limit), its swap usage. No devices: they are the
 * host's. Without swap figures (no swap accounting) the host's stand.
 */
export function swapStatsOfContainer(c: ContainerMemStats, host: SwapStats): SwapStats | undefined {
  if (c.swap === undefined) return undefined;
  const total = c.swap.limit !== undefined ? Math.min(c.swap.limit, host.total) : host.total;
  const used = Math.min(c.swap.usage, total);
  return { total, used, free: total - used };
}
