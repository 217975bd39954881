import type { Sysctl } from '../bsd/sysctl.js';
import { StatError } from '../errors.js';
import type { ProcessCount, ProcessState, ProcessStats } from '../types/process.js';
import { decodeKinfoProc, KINFO_PROC, type KinfoProc, kinfoStructSize, PROC_STATES } from './abi.js';

/*
 * FreeBSD processes: kern.proc.proc (KERN_PROC_PROC: one struct kinfo_proc
 * per process, not per thread), checked record by record by ki_structsize
 * before anything is decoded, and kern.proc.args.<pid> for the title.
 *
 * Where libstatgrab 0.92.1 is wrong, this is right (README: corrections):
 * cpuPercent from ki_pctcpu (libstatgrab: 0), startTime from ki_start
 * (0), context switches from ki_rusage (0), egid = ki_groups[0] (libstatgrab
 * takes the saved gid), the name of record i (libstatgrab takes record
 * "number of records kept so far"), and a process whose args cannot be
 * read is kept with the title `[comm]` (libstatgrab drops it).
 */

/** A ki_stat value as libstatgrab's five states. */
export function stateOfKiStat(stat: number): ProcessState {
  switch (stat) {
    case 2: // SRUN
      return 'running';
    case 1: // SIDL
    case 3: // SSLEEP
    case 6: // SWAIT
    case 7: // SLOCK
      return 'sleeping';
    case 4: // SSTOP
      return 'stopped';
    case 5: // SZOMB
      return 'zombie';
    default:
      return 'unknown';
  }
}

/**
 * The records of a kern.proc.proc answer, checked by ki_structsize.
 * @throws StatError `SYSCTL` when a record's size is not this build's 1088 bytes (another ABI).
 */
export function kinfoRecords(buf: Buffer): number {
  if (buf.length % KINFO_PROC.size !== 0 && buf.length >= 4) {
    const first = kinfoStructSize(buf, 0);
    throw new StatError(
      'SYSCTL',
      'kern.proc.proc',
      `sysctl kern.proc.proc returned ${buf.length} bytes of records of ${first} bytes, not struct kinfo_proc of ${KINFO_PROC.size} bytes (an ABI sysgrab does not know)`,
    );
  }
  const n = buf.length / KINFO_PROC.size;
  for (let i = 0; i < n; i++) {
    const size = kinfoStructSize(buf, i);
    if (size !== KINFO_PROC.size) {
      throw new StatError('SYSCTL', 'kern.proc.proc', `sysctl kern.proc.proc record ${i} says ki_structsize ${size}, not ${KINFO_PROC.size}: an ABI sysgrab does not know`);
    }
  }
  return n;
}

/** The title from kern.proc.args bytes (NUL after each argument), or `[comm]` without any. */
export function titleFromArgs(args: Buffer | undefined, comm: string): string {
  if (args === undefined) return `[${comm}]`;
  let end = args.length;
  while (end > 0 && args[end - 1] === 0) end--;
  return end === 0 ? `[${comm}]` : args.toString('utf8', 0, end).replaceAll('\0', ' ');
}

/** ProcessStats from a decoded record. */
export function processFromKinfo(k: KinfoProc, title: string, pageSize: number, fscale: number): ProcessStats {
  return {
    processName: k.comm,
    proctitle: title,
    pid: k.pid,
    parent: k.ppid,
    pgid: k.pgid,
    sessid: k.sid,
    uid: k.ruid,
    euid: k.uid,
    gid: k.rgid,
    egid: k.egid,
    contextSwitches: k.nvcsw + k.nivcsw,
    voluntaryContextSwitches: k.nvcsw,
    involuntaryContextSwitches: k.nivcsw,
    procSize: k.size,
    procResident: k.rssize * pageSize,
    startTime: k.startSec + k.startUsec / 1e6,
    timeSpent: k.runtime / 1e6,
    cpuPercent: fscale > 0 ? (k.pctcpu / fscale) * 100 : 0,
    nice: k.nice,
    state: stateOfKiStat(k.stat),
    stateCode: PROC_STATES[k.stat] ?? String(k.stat),
    threads: k.numthreads,
  };
}

/** kern.proc.proc's bytes. @throws StatError `SYSCTL`. */
export function readProcTable(s: Sysctl): Buffer {
  const buf = s.bytes('kern.proc.proc', 64 * KINFO_PROC.size);
  if (buf === undefined) throw new StatError('SYSCTL', 'kern.proc.proc', 'sysctl kern.proc.proc does not exist on this system', 2);
  return buf;
}

const argsMibs = new WeakMap<Sysctl, number[] | null>();

/** kern.proc.args.<pid>'s bytes, or undefined when the process has gone, hides them or is the kernel's. */
export function readArgs(s: Sysctl, pid: number): Buffer | undefined {
  let mib = argsMibs.get(s);
  if (mib === undefined) {
    mib = s.mib('kern.proc.args') ?? null;
    argsMibs.set(s, mib);
  }
  if (mib === null) return undefined;
  try {
    return s.bytesByMib([...mib, pid], 'kern.proc.args', 256);
  } catch (err) {
    // ESRCH (gone), EPERM/EACCES (not ours to see): keep the process, titled [comm].
    if (err instanceof StatError && err.code === 'SYSCTL') return undefined;
    throw err;
  }
}

export function processesFromSysctl(s: Sysctl, pageSize: number, fscale: number): ProcessStats[] {
  const buf = readProcTable(s);
  const n = kinfoRecords(buf);
  const list: ProcessStats[] = [];
  for (let i = 0; i < n; i++) {
    const k = decodeKinfoProc(buf, i);
    if (k.stat === 0) continue; // an unused slot (old kernels over-allocated)
    const args = k.pid === 0 ? undefined : readArgs(s, k.pid);
    list.push(processFromKinfo(k, titleFromArgs(args, k.comm), pageSize, fscale));
  }
  return list.sort((a, b) => a.pid - b.pid);
}

export function countFromSysctl(s: Sysctl): ProcessCount {
  const buf = readProcTable(s);
  const n = kinfoRecords(buf);
  const c: ProcessCount = { total: 0, running: 0, sleeping: 0, stopped: 0, zombie: 0, unknown: 0 };
  for (let i = 0; i < n; i++) {
    const stat = buf.readInt8(i * KINFO_PROC.size + KINFO_PROC.offsets.stat);
    if (stat === 0) continue;
    c.total++;
    c[stateOfKiStat(stat)]++;
  }
  return c;
}
