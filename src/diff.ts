import { counterDelta } from './sampler.js';
import type { CpuPercents, CpuStats, CpuTicks } from './types/cpu.js';
import type { PageStats } from './types/page.js';

/*
 * libstatgrab's `_diff` getters as pure functions of two readings, and CPU
 * percentages. Counters never go backwards here: a counter that did (a
 * reset) counts from zero, as counterDelta() says.
 */

const TICK_FIELDS = ['user', 'nice', 'kernel', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;
/** The fields whose sum is totalAll on every platform (guest time is inside user). */
const SHARE_FIELDS = ['user', 'nice', 'kernel', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * The ticks between two readings. When totalAll went back the counters were
 * reset (a CPU taken offline and back): everything counts from zero. One
 * field going back on its own is not a reset: Linux's iowait can decrease
 * (proc(5): "the iowait value ... is not reliable"); it counts 0, and
 * totalAll is the sum of the fields' changes, so shares never pass 100%.
 */
function ticksDelta(before: CpuTicks, after: CpuTicks): CpuTicks {
  if (after.totalAll < before.totalAll) return { ...after };
  const d: CpuTicks = { user: 0, nice: 0, kernel: 0, idle: 0, total: 0, totalAll: 0 };
  const out = d as unknown as Record<string, number>;
  for (const k of TICK_FIELDS) {
    const a = after[k];
    if (a !== undefined) out[k] = Math.max(0, a - (before[k] ?? 0));
  }
  // total sums different fields by platform (FreeBSD's has CP_INTR): its own change, never below 0.
  d.total = Math.max(0, after.total - before.total);
  d.totalAll = 0;
  for (const k of SHARE_FIELDS) d.totalAll += out[k] ?? 0;
  return d;
}

/** What happened between two CpuStats (libstatgrab's sg_get_cpu_stats_diff); systime is the seconds between them. */
export function diffCpuStats(before: CpuStats, after: CpuStats): CpuStats {
  const d: CpuStats = {
    ...ticksDelta(before, after),
    contextSwitches: counterDelta(before.contextSwitches, after.contextSwitches),
    interrupts: counterDelta(before.interrupts, after.interrupts),
    systime: Math.max(0, after.systime - before.systime),
    perCpu: after.perCpu.map((cpu) => {
      const was = before.perCpu.find((b) => b.cpu === cpu.cpu);
      return { cpu: cpu.cpu, ...ticksDelta(was ?? { user: 0, nice: 0, kernel: 0, idle: 0, total: 0, totalAll: 0 }, cpu) };
    }),
  };
  for (const k of ['voluntaryContextSwitches', 'involuntaryContextSwitches', 'syscalls', 'traps', 'softInterrupts'] as const) {
    const a = after[k];
    if (a !== undefined) d[k] = counterDelta(before[k] ?? 0, a);
  }
  return d;
}

/**
 * Where CPU time went between two readings, in percent of every tick
 * (totalAll): the shares add up to 100. With `before` undefined, the shares
 * since boot. No tick elapsed (two reads within a tick, or the same file
 * twice): every share 0 and `ticks` 0, never NaN.
 * @param timeTaken seconds the shares cover (default: after.systime - before.systime).
 */
export function cpuPercents(before: CpuStats | CpuTicks | undefined, after: CpuTicks & { systime?: number }, timeTaken?: number): CpuPercents {
  const d = before === undefined ? after : ticksDelta(before, after);
  const ticks = d.totalAll;
  const pct = (v: number | undefined) => (v === undefined ? undefined : ticks > 0 ? (v * 100) / ticks : 0);
  const taken = timeTaken ?? (before !== undefined && 'systime' in before && after.systime !== undefined ? Math.max(0, after.systime - before.systime) : 0);
  const p: CpuPercents = { user: pct(d.user)!, kernel: pct(d.kernel)!, idle: pct(d.idle)!, nice: pct(d.nice)!, timeTaken: taken, ticks };
  for (const k of ['iowait', 'irq', 'softirq', 'steal'] as const) {
    const v = pct(d[k]);
    if (v !== undefined) p[k] = v;
  }
  return p;
}

/** What happened between two PageStats (libstatgrab's sg_get_page_stats_diff); systime is the seconds between them. */
export function diffPageStats(before: PageStats, after: PageStats): PageStats {
  return {
    pagesPagein: counterDelta(before.pagesPagein, after.pagesPagein),
    pagesPageout: counterDelta(before.pagesPageout, after.pagesPageout),
    swapIn: counterDelta(before.swapIn, after.swapIn),
    swapOut: counterDelta(before.swapOut, after.swapOut),
    systime: Math.max(0, after.systime - before.systime),
  };
}
