import { cpuPercents, diffCpuStats, getCpuStats } from '../../../index.js';
import { type Provider, type StatItem, sinceLast } from '../keys.js';

/*
 * cpu. (statgrab.c populate_cpu). Ticks and counters, or with -p the shares
 * of time. Corrections to statgrab 0.92.1 (README): -p shares are of every
 * tick (iowait, irq, softirq and steal included), so they never pass 100;
 * no elapsed tick gives 0.000000, not -nan; the first -s -p block gives the
 * shares since boot, where statgrab diffs two reads a microsecond apart
 * (-nan). FreeBSD's ctxsw, syscalls, intrs and softintrs are real (statgrab:
 * 0). A counter the OS does not keep prints 0, as statgrab does.
 */

export const cpuProvider: Provider = {
  toplevel: 'cpu.',
  populate: (ctx) => {
    const { value: s, systime } = sinceLast(ctx, 'cpu', getCpuStats(ctx.options), diffCpuStats);
    const items: StatItem[] = [];
    // The tick keys in statgrab's order: shares with -p (cpu.total has none), counts otherwise.
    const ticks = [
      ['cpu.user', 'user'],
      ['cpu.kernel', 'kernel'],
      ['cpu.idle', 'idle'],
      ['cpu.iowait', 'iowait'],
      ['cpu.swap', undefined],
      ['cpu.nice', 'nice'],
    ] as const;
    const from = ctx.percent ? cpuPercents(undefined, s) : s;
    const type = ctx.percent ? 'double' : 'ull';
    for (const [name, field] of ticks) items.push({ name, type, value: field === undefined ? 0 : (from[field] ?? 0) });
    if (ctx.percent) items.push({ name: 'cpu.time_taken', type: 'time', value: systime });
    else items.push({ name: 'cpu.total', type: 'ull', value: s.total }, { name: 'cpu.systime', type: 'time', value: systime });
    items.push(
      { name: 'cpu.ctxsw', type: 'ull', value: s.contextSwitches },
      { name: 'cpu.vctxsw', type: 'ull', value: s.voluntaryContextSwitches ?? 0 },
      { name: 'cpu.nvctxsw', type: 'ull', value: s.involuntaryContextSwitches ?? 0 },
      { name: 'cpu.syscalls', type: 'ull', value: s.syscalls ?? 0 },
      { name: 'cpu.intrs', type: 'ull', value: s.interrupts },
      { name: 'cpu.softintrs', type: 'ull', value: s.softInterrupts ?? 0 },
    );
    return items;
  },
  keys: [
    { key: 'cpu.user', help: 'user time, ticks (-p: percent)' },
    { key: 'cpu.kernel', help: 'system time, ticks (-p: percent)' },
    { key: 'cpu.idle', help: 'idle time, ticks (-p: percent)' },
    { key: 'cpu.iowait', help: 'I/O wait, ticks (Linux; -p: percent)' },
    { key: 'cpu.swap', help: 'always 0 on Linux and FreeBSD' },
    { key: 'cpu.nice', help: 'niced user time, ticks (-p: percent)' },
    { key: 'cpu.total', help: "libstatgrab's total, ticks (Linux: user+nice+system+idle); not with -p" },
    { key: 'cpu.systime', help: 'time of the reading, seconds since the epoch (-o/-s: seconds between readings); not with -p' },
    { key: 'cpu.time_taken', help: '-p only: seconds the shares cover (time of the reading for the shares since boot)' },
    { key: 'cpu.ctxsw', help: 'context switches' },
    { key: 'cpu.vctxsw', help: 'voluntary context switches (0: not counted system-wide)' },
    { key: 'cpu.nvctxsw', help: 'involuntary context switches (0: not counted system-wide)' },
    { key: 'cpu.syscalls', help: 'system calls (FreeBSD; 0 on Linux)' },
    { key: 'cpu.intrs', help: 'hardware interrupts' },
    { key: 'cpu.softintrs', help: 'software interrupts' },
  ],
};
