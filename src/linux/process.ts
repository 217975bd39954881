import { StatError } from '../errors.js';
import type { ProcessCount, ProcessState, ProcessStats } from '../types/process.js';

/*
 * Linux processes from /proc/<pid>/stat, status and cmdline (proc_pid_stat(5),
 * proc_pid_status(5)). Pure functions of the files' text; index.ts reads.
 *
 * Where libstatgrab 0.92.1 is wrong, this is right (README: corrections):
 * - states as top(1) counts them: D (disk sleep), I (idle kernel thread)
 *   and the like are sleeping, t (tracing stop) is stopped; libstatgrab
 *   counts D as stopped and I or t nowhere;
 * - resident = VmRSS (rss pages exactly), not (rss + 3) pages;
 * - sessid is stat's session field (libstatgrab never sets it);
 * - the name is comm as stat gives it, between the first '(' and the last
 *   ')' (libstatgrab cuts a name holding ')');
 * - proctitle keeps empty arguments (libstatgrab stops at the first);
 * - times use the kernel's tick rate and the exact uptime, and startTime
 *   comes from btime rather than from "now - uptime".
 */

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every architecture Node runs on. */
export const USER_HZ = 100;

/** A letter of stat's state field, as libstatgrab's five states (top(1)'s grouping). */
export function stateOfLetter(letter: string): ProcessState {
  switch (letter) {
    case 'R':
      return 'running';
    case 'S':
    case 'D':
    case 'I':
    case 'P':
    case 'W':
    case 'K':
      return 'sleeping';
    case 'T':
    case 't':
      return 'stopped';
    case 'Z':
      return 'zombie';
    default:
      return 'unknown';
  }
}

/** Fields 3 to 24 of a stat line (the ones sysgrab reads), comm, and the pid. */
function splitStat(stat: string, path: string): { pid: number; comm: string; fields: string[] } {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const pid = open > 0 ? Number(stat.slice(0, open)) : Number.NaN;
  if (!(open > 0 && close > open && Number.isSafeInteger(pid) && pid >= 0)) {
    throw new StatError('PARSE', path, `cannot parse ${path}: it does not start with "pid (comm)"`);
  }
  // Only up to field 24 (rss): the 28 after it are never read.
  const fields: string[] = [];
  let at = close + 2;
  while (fields.length < 22 && at < stat.length) {
    let end = stat.indexOf(' ', at);
    if (end < 0) end = stat.length;
    fields.push(stat.slice(at, end).trimEnd());
    at = end + 1;
  }
  return { pid, comm: stat.slice(open + 1, close), fields };
}

/** The state letter of a stat line (field 3). @throws StatError `PARSE`. */
export function stateLetterOfStat(stat: string, path: string): string {
  const close = stat.lastIndexOf(')');
  const letter = close > 0 ? stat.charAt(close + 2) : '';
  if (letter === '' || letter === ' ') throw new StatError('PARSE', path, `cannot parse ${path}: no state after "(comm)"`);
  return letter;
}

/** What the caller knows of the machine: /proc/stat's btime and /proc/uptime's seconds. */
export interface ProcessClock {
  btime: number;
  uptime: number;
  hz: number;
}

/** The values of status lines this needs; undefined when absent. */
interface StatusValues {
  uid: number[] | undefined;
  gid: number[] | undefined;
  rssKib: number | undefined;
  voluntary: number | undefined;
  involuntary: number | undefined;
}

/** The text after `\nKey:` up to the line's end, or undefined. */
function statusValue(status: string, key: string): string | undefined {
  let at = status.startsWith(key) ? 0 : status.indexOf(`\n${key}`);
  if (at < 0) return undefined;
  if (at > 0 || status.charCodeAt(0) === 10) at++;
  const start = at + key.length;
  const end = status.indexOf('\n', start);
  return status.slice(start, end < 0 ? status.length : end);
}

function idsOf(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.trim().split(/\s+/).map(Number);
  return ids.length >= 2 && ids.every((n) => Number.isSafeInteger(n) && n >= 0) ? ids : undefined;
}

function kibOf(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d+)\s*kB\s*$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

function countOf(value: string | undefined): number | undefined {
  const v = value?.trim();
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The status lines a process needs, found by their keys (the file has some 55 lines). */
export function parseStatus(status: string): StatusValues {
  return {
    uid: idsOf(statusValue(status, 'Uid:')),
    gid: idsOf(statusValue(status, 'Gid:')),
    rssKib: kibOf(statusValue(status, 'VmRSS:')),
    voluntary: countOf(statusValue(status, 'voluntary_ctxt_switches:')),
    involuntary: countOf(statusValue(status, 'nonvoluntary_ctxt_switches:')),
  };
}

function field(fields: string[], n: number, path: string, name: string, signed = false): number {
  const text = fields[n - 3];
  const v = text === undefined ? Number.NaN : Number(text);
  if (!Number.isFinite(v) || (!signed && v < 0) || !/^-?\d+$/.test(text ?? '')) {
    throw new StatError('PARSE', path, `cannot parse ${path}: field ${n} (${name}) is not a number`);
  }
  return v;
}

/**
 * One process from its files.
 * @param cmdline /proc/<pid>/cmdline's bytes: NUL after each argument.
 * @throws StatError `PARSE` naming the file that does not have its documented form.
 */
export function processFromFiles(stat: string, statPath: string, status: string, statusPath: string, cmdline: Uint8Array, clock: ProcessClock): ProcessStats {
  const { pid, comm, fields } = splitStat(stat, statPath);
  const letter = fields[0] ?? '';
  const utime = field(fields, 14, statPath, 'utime');
  const stime = field(fields, 15, statPath, 'stime');
  const start = field(fields, 22, statPath, 'starttime');
  const s = parseStatus(status);
  if (s.uid === undefined || s.gid === undefined) throw new StatError('PARSE', statusPath, `cannot parse ${statusPath}: it has no Uid and Gid lines`);
  let end = cmdline.length;
  while (end > 0 && cmdline[end - 1] === 0) end--;
  const title = end === 0 ? `[${comm}]` : Buffer.from(cmdline.buffer, cmdline.byteOffset, end).toString('utf8').replaceAll('\0', ' ');
  const timeSpent = (utime + stime) / clock.hz;
  const age = clock.uptime - start / clock.hz;
  const p: ProcessStats = {
    processName: comm,
    proctitle: title,
    pid,
    parent: field(fields, 4, statPath, 'ppid'),
    pgid: field(fields, 5, statPath, 'pgrp', true),
    sessid: field(fields, 6, statPath, 'session', true),
    uid: s.uid[0]!,
    euid: s.uid[1]!,
    gid: s.gid[0]!,
    egid: s.gid[1]!,
    procSize: field(fields, 23, statPath, 'vsize'),
    procResident: (s.rssKib ?? 0) * 1024,
    startTime: clock.btime + start / clock.hz,
    timeSpent,
    cpuPercent: age > 0 ? (100 * timeSpent) / age : 0,
    nice: field(fields, 19, statPath, 'nice', true),
    state: stateOfLetter(letter),
    stateCode: letter,
    threads: field(fields, 20, statPath, 'num_threads'),
  };
  if (s.voluntary !== undefined && s.involuntary !== undefined) {
    p.contextSwitches = s.voluntary + s.involuntary;
    p.voluntaryContextSwitches = s.voluntary;
    p.involuntaryContextSwitches = s.involuntary;
  }
  return p;
}

/** A ProcessCount of zeros. */
export function emptyCount(): ProcessCount {
  return { total: 0, running: 0, sleeping: 0, stopped: 0, zombie: 0, unknown: 0 };
}

/** Count one more process in `state`. */
export function countState(c: ProcessCount, state: ProcessState): void {
  c.total++;
  c[state]++;
}
