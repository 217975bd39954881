import type { DiskIoRate, DiskIoStats } from './types/disk.js';
import type { NetworkIoRate, NetworkIoStats } from './types/net.js';

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

/*
 * Disk and network counters: two getDiskIoStats() / getNetworkIoStats()
 * samples, matched by name. A device or interface in only one of them has
 * no rate (it appeared or went away between the samples).
 */

/**
 * Growth of a network counter. /proc/net/dev counters are `unsigned long`:
 * 32 bits on a 32-bit kernel. A smaller value whose wrap-around reading is
 * plausible (less than half the range) wrapped; anything else was reset.
 */
export function netCounterDelta(before: number, after: number): { delta: number; wrapped: boolean; reset: boolean } {
  if (after >= before) return { delta: after - before, wrapped: false, reset: false };
  if (before < U32_WRAP && U32_WRAP - before + after < U32_WRAP / 2) return { delta: counterDelta(before, after, U32_WRAP), wrapped: true, reset: false };
  return { delta: counterDelta(before, after), wrapped: false, reset: true };
}

function byName<T>(items: readonly T[], name: (t: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const it of items) m.set(name(it), it);
  return m;
}

/** Per-second disk rates between two getDiskIoStats() samples; disks in both, in `after`'s order. */
export function diskIoRates(before: readonly DiskIoStats[], after: readonly DiskIoStats[]): DiskIoRate[] {
  const old = byName(before, (d) => d.diskName);
  const out: DiskIoRate[] = [];
  for (const a of after) {
    const b = old.get(a.diskName);
    if (b === undefined) continue;
    const ms = a.time - b.time;
    const reset = a.readBytes < b.readBytes || a.writeBytes < b.writeBytes || a.readOps < b.readOps || a.writeOps < b.writeOps;
    out.push({
      diskName: a.diskName,
      readBytesPerSecond: perSecond(counterDelta(b.readBytes, a.readBytes), ms),
      writeBytesPerSecond: perSecond(counterDelta(b.writeBytes, a.writeBytes), ms),
      readOpsPerSecond: perSecond(counterDelta(b.readOps, a.readOps), ms),
      writeOpsPerSecond: perSecond(counterDelta(b.writeOps, a.writeOps), ms),
      reset,
    });
  }
  return out;
}

const NET_COUNTERS = ['tx', 'rx', 'ipackets', 'opackets', 'ierrors', 'oerrors', 'collisions'] as const;

/** Per-second interface rates between two getNetworkIoStats() samples; interfaces in both, in `after`'s order. */
export function networkIoRates(before: readonly NetworkIoStats[], after: readonly NetworkIoStats[]): NetworkIoRate[] {
  const old = byName(before, (n) => n.interfaceName);
  const out: NetworkIoRate[] = [];
  for (const a of after) {
    const b = old.get(a.interfaceName);
    if (b === undefined) continue;
    const ms = a.time - b.time;
    let wrapped = false;
    let reset = false;
    const rate = (k: (typeof NET_COUNTERS)[number]) => {
      const d = netCounterDelta(b[k], a[k]);
      wrapped ||= d.wrapped;
      reset ||= d.reset;
      return perSecond(d.delta, ms);
    };
    out.push({
      interfaceName: a.interfaceName,
      txPerSecond: rate('tx'),
      rxPerSecond: rate('rx'),
      ipacketsPerSecond: rate('ipackets'),
      opacketsPerSecond: rate('opackets'),
      ierrorsPerSecond: rate('ierrors'),
      oerrorsPerSecond: rate('oerrors'),
      collisionsPerSecond: rate('collisions'),
      wrapped,
      reset,
    });
  }
  return out;
}

/**
 * libstatgrab's `_diff` of disk counters (what `statgrab -o` prints): each
 * counter's growth, `time` = milliseconds between the samples. A disk that
 * appeared since `before` counts from 0 (its whole counters), as
 * libstatgrab's does; one that went away is left out.
 */
export function diskIoDeltas(before: readonly DiskIoStats[], after: readonly DiskIoStats[]): DiskIoStats[] {
  const old = byName(before, (d) => d.diskName);
  return after.map((a) => {
    const b = old.get(a.diskName);
    if (b === undefined) return { ...a, time: 0 };
    return {
      diskName: a.diskName,
      readBytes: counterDelta(b.readBytes, a.readBytes),
      writeBytes: counterDelta(b.writeBytes, a.writeBytes),
      readOps: counterDelta(b.readOps, a.readOps),
      writeOps: counterDelta(b.writeOps, a.writeOps),
      time: Math.max(0, a.time - b.time),
    };
  });
}

/** libstatgrab's `_diff` of interface counters (`statgrab -o net.`), 32-bit wraps counted across. */
export function networkIoDeltas(before: readonly NetworkIoStats[], after: readonly NetworkIoStats[]): NetworkIoStats[] {
  const old = byName(before, (n) => n.interfaceName);
  return after.map((a) => {
    const b = old.get(a.interfaceName);
    if (b === undefined) return { ...a, time: 0 };
    const d = (k: (typeof NET_COUNTERS)[number]) => netCounterDelta(b[k], a[k]).delta;
    return {
      interfaceName: a.interfaceName,
      tx: d('tx'),
      rx: d('rx'),
      ipackets: d('ipackets'),
      opackets: d('opackets'),
      ierrors: d('ierrors'),
      oerrors: d('oerrors'),
      collisions: d('collisions'),
      time: Math.max(0, a.time - b.time),
    };
  });
}
