import type { Sysctl } from '../bsd/sysctl.js';
import { required } from './mem.js';
import { StatError } from '../errors.js';
import type { CpuStats, CpuTicks } from '../types/cpu.js';
import { CP_IDLE, CP_INTR, CP_NICE, CP_SYS, CP_USER, CPUSTATES, decodeCpTime } from './abi.js';

/*
 * FreeBSD CPU time: kern.cp_time (and kern.cp_times per CPU), in stathz
 * ticks, and the event counters of vm.stats.sys. libstatgrab 0.92.1 reads
 * those counters with sysctl {CTL_VM, VM_METER}, which on FreeBSD is
 * VM_TOTAL (a struct vmtotal): its size check fails and it reports 0 for
 * all four (README: corrections). syscalls is v_syscall alone; libstatgrab
 * meant to add v_trap (page faults and other traps), reported as `traps`.
 */

/** CpuTicks from one cp_time row: kernel is CP_SYS, irq CP_INTR, total every state (as libstatgrab). */
export function ticksFromCpTime(row: readonly number[]): CpuTicks {
  const total = row.reduce((a, b) => a + b, 0);
  return { user: row[CP_USER]!, nice: row[CP_NICE]!, kernel: row[CP_SYS]!, idle: row[CP_IDLE]!, irq: row[CP_INTR]!, total, totalAll: total };
}

/** The vm.stats.sys counters. */
export interface SysCounters {
  swtch: number;
  syscall: number | undefined;
  trap: number | undefined;
  intr: number;
  soft: number | undefined;
}

/** CpuStats from kern.cp_time, kern.cp_times rows and the counters, read at `systime`. */
export function cpuStatsFromCpTime(cpTime: readonly number[], rows: readonly number[][], c: SysCounters, systime: number): CpuStats {
  const stats: CpuStats = {
    ...ticksFromCpTime(cpTime),
    contextSwitches: c.swtch,
    interrupts: c.intr,
    systime,
    perCpu: rows.map((row, cpu) => ({ cpu, ...ticksFromCpTime(row) })),
  };
  if (c.syscall !== undefined) stats.syscalls = c.syscall;
  if (c.trap !== undefined) stats.traps = c.trap;
  if (c.soft !== undefined) stats.softInterrupts = c.soft;
  return stats;
}

const ROW_BYTES = CPUSTATES * 8;

/** kern.cp_time and kern.cp_times as rows of 5 ticks. */
export function readCpTimes(s: Sysctl): { cpTime: number[]; rows: number[][] } {
  const one = s.bytes('kern.cp_time', 64);
  if (one === undefined) throw new StatError('SYSCTL', 'kern.cp_time', 'sysctl kern.cp_time does not exist on this system', 2);
  if (one.length !== ROW_BYTES) throw new StatError('SYSCTL', 'kern.cp_time', `sysctl kern.cp_time returned ${one.length} bytes, not ${CPUSTATES} longs (${ROW_BYTES} bytes)`);
  const all = s.bytes('kern.cp_times', 1024);
  const rows: number[][] = [];
  if (all !== undefined) {
    if (all.length % ROW_BYTES !== 0) throw new StatError('SYSCTL', 'kern.cp_times', `sysctl kern.cp_times returned ${all.length} bytes, not rows of ${CPUSTATES} longs`);
    for (let r = 0; r < all.length / ROW_BYTES; r++) rows.push(decodeCpTime(all, r));
  }
  return { cpTime: decodeCpTime(one, 0), rows };
}

export function readSysCounters(s: Sysctl): SysCounters {
  return {
    swtch: required(s.number('vm.stats.sys.v_swtch'), 'vm.stats.sys.v_swtch'),
    syscall: s.number('vm.stats.sys.v_syscall'),
    trap: s.number('vm.stats.sys.v_trap'),
    intr: required(s.number('vm.stats.sys.v_intr'), 'vm.stats.sys.v_intr'),
    soft: s.number('vm.stats.sys.v_soft'),
  };
}
