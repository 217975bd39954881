import { promises as fsp, type StatsFs, statfsSync } from 'node:fs';
import { StatError } from '../errors.js';
import { canonical, fsFilterOf, mountWanted, validFsTypes } from '../fsfilter.js';
import type { Resolved } from '../options.js';
import type { FsProblem, FsStats, FsStatsAsyncOptions, FsStatsOptions, FsStatsResult } from '../types/fs.js';
import { classifyMount, type KernelFsTypes, type MountEntry, PSEUDO_FS, parseMountinfo, parseProcFilesystems } from './mountinfo.js';
import { readProcText } from './read.js';

/*
 * File systems on Linux: the mount table from <procRoot>/self/mountinfo,
 * the figures from statfs(2) (fs.statfsSync / fs.promises.statfs).
 *
 * statfs on a network file system whose server is gone blocks in the kernel
 * (an NFS hard mount: for ever), and nothing in a process can interrupt it:
 * not a timer, not Worker.terminate(), and sysgrab starts no process. So
 * the synchronous getFsStats never calls statfs on a remote mount, and the
 * asynchronous form races each call against a timeout. A call that timed
 * out still occupies one libuv thread until the kernel gives up; while it
 * does, later calls on that mount reuse it instead of starting another, so
 * a dead server costs at most one thread per mount (the pool has 4 by
 * default: UV_THREADPOOL_SIZE), and no new remote call starts while
 * MAX_STUCK of them are stuck. That map of calls still in the kernel is the
 * only state this module keeps.
 */

/** mountinfo lists every mount of the namespace: thousands on a busy Kubernetes node. */
const MOUNTINFO_LIMIT = 16 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 2000;
const MAX_STUCK = 2;

interface Candidate {
  mount: MountEntry;
  deviceType: FsStats['deviceType'];
}

function readKernelTypes(o: Resolved): KernelFsTypes | undefined {
  try {
    return parseProcFilesystems(readProcText(`${o.procRoot}/filesystems`, o.procOrigin));
  } catch {
    // A restricted /proc: libstatgrab's filter then has no types (as libstatgrab's own empty fallback list).
    return undefined;
  }
}

/** The mounts the options ask for, classified, before any statfs. */
function candidates(o: Resolved, opts: FsStatsOptions | undefined): { wanted: Candidate[]; filter: ReturnType<typeof fsFilterOf> } {
  const filter = fsFilterOf(opts);
  const text = readProcText(`${o.procRoot}/self/mountinfo`, o.procOrigin, MOUNTINFO_LIMIT);
  // /proc/filesystems only for libstatgrab's list; the real ones are known without it.
  const valid = filter.filter === 'libstatgrab' ? validFsTypes(readKernelTypes(o)?.libstatgrabNames ?? [], filter.fsTypes) : undefined;
  const wanted: Candidate[] = [];
  for (const mount of parseMountinfo(text, filter.filter === 'real' ? (t) => PSEUDO_FS.has(t) : undefined)) {
    const deviceType = classifyMount(mount);
    if (mountWanted(filter.filter, filter.includeRemote, deviceType, mount.fsType, valid)) wanted.push({ mount, deviceType });
  }
  return { wanted, filter };
}

/** Pure: FsStats from a mount and its statfs figures. */
export function fsStatsFromStatfs(c: Candidate, s: Pick<StatsFs, 'bsize' | 'blocks' | 'bfree' | 'bavail' | 'files' | 'ffree'>, deviceCanonical: string): FsStats {
  const bsize = s.bsize;
  const blocks = s.blocks;
  const bfree = Math.min(s.bfree, blocks);
  const bavail = Math.max(0, Math.min(s.bavail, bfree));
  const ffree = Math.max(0, Math.min(s.ffree, s.files));
  return {
    deviceName: c.mount.source,
    deviceCanonical,
    fsType: c.mount.fsType,
    mntPoint: c.mount.mntPoint,
    deviceType: c.deviceType,
    readOnly: c.mount.readOnly,
    size: bsize * blocks,
    used: bsize * (blocks - bfree),
    free: bsize * bfree,
    avail: bsize * bavail,
    totalInodes: s.files,
    usedInodes: s.files - ffree,
    freeInodes: ffree,
    // glibc's statvfs sets f_favail = f_ffree on Linux.
    availInodes: ffree,
    ioSize: bsize,
    blockSize: bsize,
    totalBlocks: blocks,
    freeBlocks: bfree,
    usedBlocks: blocks - bfree,
    availBlocks: bavail,
  };
}

/** `real` reports file systems that have blocks (GNU df's rule: no 0-block FUSE stubs). */
function keep(filter: string, fs: FsStats): boolean {
  return filter !== 'real' || fs.totalBlocks > 0;
}

export function fsStats(o: Resolved): FsStats[] {
  const opts = o.options as FsStatsOptions | undefined;
  if (opts?.includeRemote) {
    throw new StatError(
      'ARGUMENT',
      'includeRemote',
      'getFsStats() cannot put a time limit on statfs of a network file system (a dead server blocks it in the kernel): use getFsStatsAsync({ includeRemote: true, timeoutMs })',
    );
  }
  const { wanted, filter } = candidates(o, opts);
  const out: FsStats[] = [];
  for (const c of wanted) {
    // Never statfs a network mount synchronously (see above), whatever the filter.
    if (c.deviceType === 'remote') continue;
    let s: StatsFs;
    try {
      s = statfsSync(c.mount.mntPoint);
    } catch {
      // Gone since the table was read, or not ours to see: left out, as libstatgrab leaves it out.
      continue;
    }
    const fs = fsStatsFromStatfs(c, s, canonical(c.mount.source));
    if (keep(filter.filter, fs)) out.push(fs);
  }
  return out;
}

/** statfs calls still in the kernel, by mount point; `stuck` once one outlived its timeout. */
const pending = new Map<string, { call: Promise<StatsFs>; stuck: boolean }>();

function statfsOnce(path: string): { call: Promise<StatsFs>; stuck: boolean } {
  let entry = pending.get(path);
  if (entry === undefined) {
    const call = fsp.statfs(path);
    const created = { call, stuck: false };
    entry = created;
    pending.set(path, created);
    const forget = () => {
      if (pending.get(path) === created) pending.delete(path);
    };
    call.then(forget, forget);
  }
  return entry;
}

function stuckCount(): number {
  let n = 0;
  for (const e of pending.values()) if (e.stuck) n++;
  return n;
}

/** How many statfs calls are stuck in the kernel now (past their timeout, not returned). */
export function stuckStatfsCalls(): number {
  return stuckCount();
}

type Outcome = { ok: StatsFs } | { problem: FsProblem['problem']; errno?: number };

function withTimeout(entry: { call: Promise<StatsFs>; stuck: boolean }, ms: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      entry.stuck = true;
      resolve({ problem: 'TIMEOUT' });
    }, ms);
    entry.call.then(
      (ok) => {
        clearTimeout(timer);
        resolve({ ok });
      },
      (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ problem: 'ERROR', errno: typeof err.errno === 'number' ? Math.abs(err.errno) : undefined });
      },
    );
  });
}

export async function fsStatsAsync(o: Resolved): Promise<FsStatsResult> {
  const opts = o.options as FsStatsAsyncOptions | undefined;
  const timeoutMs = opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new StatError('ARGUMENT', 'timeoutMs', `timeoutMs must be a positive number of milliseconds, not ${String(opts?.timeoutMs)}`);
  }
  const { wanted, filter } = candidates(o, opts);
  const outcomes = wanted.map((c) => {
    const path = c.mount.mntPoint;
    const inKernel = pending.get(path);
    // One stuck call per mount at most: a mount whose earlier statfs is still stuck is not asked again.
    if (inKernel?.stuck || (c.deviceType === 'remote' && inKernel === undefined && stuckCount() >= MAX_STUCK)) return Promise.resolve<Outcome>({ problem: 'BUSY' });
    return withTimeout(statfsOnce(path), timeoutMs);
  });
  const result: FsStatsResult = { filesystems: [], problems: [] };
  const done = await Promise.all(outcomes);
  done.forEach((r, i) => {
    const c = wanted[i]!;
    if ('ok' in r) {
      const fs = fsStatsFromStatfs(c, r.ok, canonical(c.mount.source));
      if (keep(filter.filter, fs)) result.filesystems.push(fs);
    } else if (r.problem !== 'ERROR' || c.deviceType === 'remote') {
      // A local mount that vanished is left out as in getFsStats; a remote one that failed is worth saying.
      result.problems.push({
        deviceName: c.mount.source,
        fsType: c.mount.fsType,
        mntPoint: c.mount.mntPoint,
        deviceType: c.deviceType,
        problem: r.problem,
        ...(r.errno !== undefined ? { errno: r.errno } : {}),
      });
    }
  });
  return result;
}
