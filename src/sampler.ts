/*
 * Rates and percentages come from two samples of counters. The arithmetic is
 * here, as pure functions of the two samples; the getters stay stateless.
 * A convenience form that diffs against "the previous call" (libstatgrab's
 * `_diff` getters) keeps its previous sample in a PreviousSample owned by
 * whoever asked for it, never in a hidden module-level variable.
 */

/** 2^32: where a 32-bit kernel counter wraps. */
export const U32_WRAP = 2 ** 32;

/**
 * How much a counter grew between two readings, never negative.
 * - `after >= before`: the difference.
 * - Smaller, and the counter is 32 bits wide (`wrapAt` = 2^32) with
 *   `before` below it: it wrapped once; count across the wrap.
 * - Otherwise the counter was reset (a driver reloaded, an interface
 *   re-created): the growth since the reset is `after` itself.
 */
export function counterDelta(before: number, after: number, wrapAt?: number): number {
  if (after >= before) return after - before;
  if (wrapAt !== undefined && before < wrapAt) return wrapAt - before + after;
  return after;
}

/** `delta` per second over `ms` milliseconds; 0 for an empty or backwards interval. */
export function perSecond(delta: number, ms: number): number {
  return ms > 0 ? (delta * 1000) / ms : 0;
}

/** `part` as a percentage of `whole`, in [0, 100]; 0 when `whole` is 0. */
export function percentOf(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  const p = (part * 100) / whole;
  return p < 0 ? 0 : Math.min(p, 100);
}

/**
 * The previous sample of something, per key, for "since the last call"
 * forms. `exchange(key, now)` stores `now` and returns what was there.
 */
export class PreviousSample<T> {
  private readonly samples = new Map<string, T>();

  exchange(key: string, now: T): T | undefined {
    const before = this.samples.get(key);
    this.samples.set(key, now);
    return before;
  }

  clear(): void {
    this.samples.clear();
  }
}
