import { StatError } from '../errors.js';
import type { CpuStats, CpuTicks, PerCpuTicks } from '../types/cpu.js';

/*
 * /proc/stat (proc_stat(5)):
 *
 *   cpu  user nice system idle iowait irq softirq steal guest guest_nice
 *   cpu0 ...                                   (one line per online CPU)
 *   intr TOTAL per-irq...                      (often kilobytes long)
 *   ctxt N
 *   btime N
 *   softirq TOTAL per-kind...                  (2.6.31 and later)
 *
 * Older kernels print fewer cpu columns (4 on 2.4, 7 on 2.6.9, 8 from
 * 2.6.11): a column a kernel does not print is undefined. The scanner works
 * on the bytes: it reads the few numbers it needs and jumps over the rest of
 * each line, so the long intr line costs one indexOf.
 */

const NL = 0x0a,
  SP = 0x20,
  TAB = 0x09,
  D0 = 0x30,
  D9 = 0x39;
const C = 0x63,
  P = 0x70,
  U = 0x75,
  I = 0x69,
  N = 0x6e,
  T = 0x74,
  R = 0x72,
  X = 0x78,
  B = 0x62,
  S = 0x73,
  O = 0x6f,
  F = 0x66,
  Q = 0x71;

/** What /proc/stat says, before any arithmetic. */
export interface StatReadings {
  /** The aggregate `cpu` line's columns (4 to 10 of them). */
  cpu: number[];
  /** `cpuN` lines: [N, columns...]. Empty unless asked for. */
  perCpu: number[][];
  /** How many `cpuN` lines there are (counted even when they are not parsed). */
  cpuLines: number;
  intr: number | undefined;
  ctxt: number | undefined;
  btime: number | undefined;
  softirq: number | undefined;
}

/** Parse the unsigned numbers from `pos` to the end of the line into `out`; returns the line's end. */
function numbers(b: Uint8Array, pos: number, length: number, out: number[], max: number): number {
  while (pos < length && b[pos] !== NL && out.length < max) {
    let c = b[pos]!;
    while (pos < length && (c === SP || c === TAB)) c = b[++pos]!;
    if (pos >= length || c === NL) break;
    if (c < D0 || c > D9) return -1;
    let v = 0;
    while (pos < length && c >= D0 && c <= D9) {
      v = v * 10 + (c - D0);
      c = b[++pos]!;
    }
    if (pos < length && c !== SP && c !== TAB && c !== NL) return -1;
    out.push(v);
  }
  return pos;
}

/** The first number after a label of `skip` bytes, or undefined when malformed. */
function firstNumber(b: Uint8Array, pos: number, length: number): number | undefined {
  const out: number[] = [];
  return numbers(b, pos, length, out, 1) < 0 || out.length === 0 ? undefined : out[0];
}

function startsWith(b: Uint8Array, pos: number, length: number, word: readonly number[]): boolean {
  if (pos + word.length >= length) return false;
  for (let i = 0; i < word.length; i++) if (b[pos + i] !== word[i]) return false;
  const next = b[pos + word.length];
  return next === SP || next === TAB;
}

const INTR = [I, N, T, R],
  CTXT = [C, T, X, T],
  BTIME = [B, T, I, 0x6d, 0x65],
  SOFTIRQ = [S, O, F, T, I, R, Q];

/**
 * Parse /proc/stat's bytes.
 * @param perCpu also parse the `cpuN` lines.
 * @throws StatError `PARSE` when the `cpu` line is missing or malformed.
 */
export function parseStat(b: Uint8Array, length: number, path: string, perCpu: boolean): StatReadings {
  const r: StatReadings = { cpu: [], perCpu: [], cpuLines: 0, intr: undefined, ctxt: undefined, btime: undefined, softirq: undefined };
  let sawCpu = false;
  let pos = 0;
  while (pos < length) {
    const c0 = b[pos];
    if (c0 === C && b[pos + 1] === P && b[pos + 2] === U) {
      const c3 = b[pos + 3]!;
      if (c3 === SP || c3 === TAB) {
        if (!sawCpu) {
          const end = numbers(b, pos + 3, length, r.cpu, 10);
          if (end < 0 || r.cpu.length < 4) throw new StatError('PARSE', path, `cannot parse ${path}: the cpu line does not have the 4 to 10 numbers it should`);
          sawCpu = true;
        }
      } else if (c3 >= D0 && c3 <= D9) {
        r.cpuLines++;
        if (perCpu) {
          const row: number[] = [];
          const end = numbers(b, pos + 3, length, row, 11);
          if (end < 0 || row.length < 5) throw new StatError('PARSE', path, `cannot parse ${path}: a per-CPU line does not have the 4 to 10 numbers it should`);
          r.perCpu.push(row);
        }
      }
    } else if (c0 === I && startsWith(b, pos, length, INTR)) r.intr = firstNumber(b, pos + 4, length);
    else if (c0 === C && startsWith(b, pos, length, CTXT)) r.ctxt = firstNumber(b, pos + 4, length);
    else if (c0 === B && startsWith(b, pos, length, BTIME)) r.btime = firstNumber(b, pos + 5, length);
    else if (c0 === S && startsWith(b, pos, length, SOFTIRQ)) r.softirq = firstNumber(b, pos + 7, length);
    const nl = (b as Buffer).indexOf(NL, pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (!sawCpu) throw new StatError('PARSE', path, `cannot parse ${path}: it has no cpu line`);
  return r;
}

/** CpuTicks from a cpu line's columns (user, nice, system, idle, iowait, ...), from `at`. */
export function ticksFromColumns(columns: readonly number[], at = 0): CpuTicks {
  const n = columns.length - at;
  const user = columns[at]!,
    nice = columns[at + 1]!,
    kernel = columns[at + 2]!,
    idle = columns[at + 3]!;
  const total = user + nice + kernel + idle;
  const t: CpuTicks = { user, nice, kernel, idle, total, totalAll: total };
  if (n > 4) t.iowait = columns[at + 4]!;
  if (n > 5) t.irq = columns[at + 5]!;
  if (n > 6) t.softirq = columns[at + 6]!;
  if (n > 7) t.steal = columns[at + 7]!;
  if (n > 8) t.guest = columns[at + 8]!;
  if (n > 9) t.guestNice = columns[at + 9]!;
  t.totalAll = total + (t.iowait ?? 0) + (t.irq ?? 0) + (t.softirq ?? 0) + (t.steal ?? 0);
  return t;
}

/** CpuStats from /proc/stat's readings, read at `systime` (seconds since the epoch). */
export function cpuStatsFromStat(r: StatReadings, systime: number): CpuStats {
  const perCpu: PerCpuTicks[] = [];
  for (const row of r.perCpu) {
    const t = ticksFromColumns(row, 1) as PerCpuTicks;
    t.cpu = row[0]!;
    perCpu.push(t);
  }
  const stats = ticksFromColumns(r.cpu) as CpuStats;
  stats.contextSwitches = r.ctxt ?? 0;
  stats.interrupts = r.intr ?? 0;
  if (r.softirq !== undefined) stats.softInterrupts = r.softirq;
  stats.systime = systime;
  stats.perCpu = perCpu;
  return stats;
}
