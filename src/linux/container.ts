import { existsSync } from 'node:fs';
import { StatError } from '../errors.js';
import type { Resolved } from '../options.js';
import type { ContainerEvents } from '../types/container.js';
import type { MemPressure } from '../types/pressure.js';
import { type CgroupFigures, cgroup1Stats, cgroup2Stats, cgroupLevels, type Level, parseCgroupMounts, parseCgroupValue, parseProcCgroup, V1_UNLIMITED, type V1Stat, type V2Stat } from './cgroup.js';
import { memoryPressureFrom } from './psi.js';
import { type FileBytes, readProcFile, readProcText } from './read.js';
import { Table } from './table.js';

/*
 * Reading the cgroup of this process: where it is (found again on every
 * call, but worked out only when /proc/self/cgroup, mountinfo or the
 * controllers change), then its files. The figures come from cgroup.ts.
 *
 * Files are read in an order that makes a cgroup removed mid-call an error:
 * the optional ones first (absent means undefined), then the ones every
 * memory cgroup has, memory.stat last. A required file that has gone is an
 * OPEN error naming it.
 */

const ENOENT = 2;
/** EOPNOTSUPP: a PSI file on a kernel booted without psi=1 (Linux 5.x). */
const EOPNOTSUPP = 95;
/** mountinfo of a busy Kubernetes node runs to hundreds of KiB. */
const MOUNTINFO_LIMIT = 16 * 1024 * 1024;

interface V2Plan {
  kind: 'cgroup2';
  path: string;
  /** Optional files found absent: a live cgroup's interface files do not come and go, so they are not looked for again. */
  absent: Set<string>;
  levels: { path: string; max: string; high: string; swapMax: string }[];
  current: string;
  stat: string;
  events: string;
  peak: string;
  swapCurrent: string;
}

interface V1Plan {
  kind: 'cgroup1';
  path: string;
  absent: Set<string>;
  levels: { path: string; limit: string }[];
  usage: string;
  stat: string;
  maxUsage: string;
  failcnt: string;
  oomControl: string;
  kmem: string;
  memswUsage: string;
  memswLimit: string;
}

/** Where this process's memory figures are: null when there is no memory controller. */
interface Located {
  plan: V2Plan | V1Plan | null;
  /** The cgroup2 `memory.pressure` of this process's cgroup, when cgroup2 is mounted. */
  pressure: string | undefined;
}

const NOWHERE: Located = { plan: null, pressure: undefined };

/** What `Located` was worked out from, to tell when it must be worked out again. */
let last:
  | {
      procRoot: string;
      sysRoot: string;
      cgroup: Buffer;
      mountinfo: Buffer;
      controllers: { path: string; bytes: Buffer } | undefined;
      located: Located;
    }
  | undefined;

const same = (kept: Buffer, f: FileBytes): boolean => kept.length === f.length && kept.compare(f.bytes, 0, f.length) === 0;
const copyOf = (f: FileBytes): Buffer => Buffer.from(f.bytes.subarray(0, f.length));

function isAbsent(err: unknown): boolean {
  return err instanceof StatError && err.code === 'OPEN' && err.errno === ENOENT;
}

/** A directory of the process's view under sysRoot (`/sys/fs/cgroup/x` → `<sysRoot>/fs/cgroup/x`). */
function underSys(dir: string, sysRoot: string): string {
  return dir === '/sys' || dir.startsWith('/sys/') ? `${sysRoot}${dir.slice(4)}` : dir;
}

/** Where this process's cgroup files are. @throws StatError `OPEN`/`PARSE` for /proc/self/cgroup or mountinfo. */
export function locate(o: Resolved): Located {
  const cgroupPath = `${o.procRoot}/self/cgroup`;
  const mountinfoPath = `${o.procRoot}/self/mountinfo`;
  const k = last;
  let f: FileBytes;
  try {
    f = readProcFile(cgroupPath, o.procOrigin);
  } catch (err) {
    // A kernel without cgroups (or a procfs copy without self/): no container.
    if (isAbsent(err)) return NOWHERE;
    throw err;
  }
  let unchanged = k !== undefined && k.procRoot === o.procRoot && k.sysRoot === o.sysRoot && same(k.cgroup, f);
  const cgroup = unchanged ? k!.cgroup : copyOf(f);
  try {
    f = readProcFile(mountinfoPath, o.procOrigin, MOUNTINFO_LIMIT);
  } catch (err) {
    if (isAbsent(err)) return NOWHERE;
    throw err;
  }
  unchanged &&= same(k!.mountinfo, f);
  const mountinfo = unchanged ? k!.mountinfo : copyOf(f);
  if (unchanged && k!.controllers !== undefined) unchanged = same(k!.controllers.bytes, readProcFile(k!.controllers.path, o.sysOrigin));
  if (unchanged) return k!.located;

  const lines = parseProcCgroup(cgroup.toString('utf8'), cgroupPath);
  const mounts = parseCgroupMounts(mountinfo.toString('utf8'), mountinfoPath);
  const v2Levels = lines.v2 === undefined ? undefined : cgroupLevels(lines.v2, mounts.v2)?.map((l) => ({ path: l.path, dir: underSys(l.dir, o.sysRoot) }));
  const located: Located = { plan: null, pressure: v2Levels === undefined ? undefined : `${v2Levels[0]!.dir}/memory.pressure` };
  let controllers: { path: string; bytes: Buffer } | undefined;
  const v1Levels = lines.v1Memory === undefined ? undefined : cgroupLevels(lines.v1Memory, mounts.v1Memory);
  if (v1Levels !== undefined) {
    // A v1 memory hierarchy decides, even where cgroup2 is mounted too (hybrid hosts).
    located.plan = v1Plan(
      lines.v1Memory!,
      v1Levels.map((l) => ({ path: l.path, dir: underSys(l.dir, o.sysRoot) })),
    );
  } else if (v2Levels !== undefined) {
    const path = `${v2Levels[v2Levels.length - 1]!.dir}/cgroup.controllers`;
    let text = '';
    try {
      const c = readProcFile(path, o.sysOrigin);
      controllers = { path, bytes: copyOf(c) };
      text = c.bytes.toString('latin1', 0, c.length);
    } catch (err) {
      if (!isAbsent(err)) throw err;
    }
    if (text.split(/\s+/).includes('memory')) located.plan = v2Plan(lines.v2!, v2Levels, o.sysOrigin);
  }
  last = { procRoot: o.procRoot, sysRoot: o.sysRoot, cgroup, mountinfo, controllers, located };
  return located;
}

function v1Plan(path: string, levels: Level[]): V1Plan {
  const dir = levels[0]!.dir;
  return {
    kind: 'cgroup1',
    path,
    absent: new Set(),
    levels: levels.map((l) => ({ path: l.path, limit: `${l.dir}/memory.limit_in_bytes` })),
    usage: `${dir}/memory.usage_in_bytes`,
    stat: `${dir}/memory.stat`,
    maxUsage: `${dir}/memory.max_usage_in_bytes`,
    failcnt: `${dir}/memory.failcnt`,
    oomControl: `${dir}/memory.oom_control`,
    kmem: `${dir}/memory.kmem.usage_in_bytes`,
    memswUsage: `${dir}/memory.memsw.usage_in_bytes`,
    memswLimit: `${dir}/memory.memsw.limit_in_bytes`,
  };
}

/**
 * The v2 plan. Memory files live in the nearest cgroup whose
 * cgroup.controllers lists `memory`: one whose parent did not enable memory
 * in its cgroup.subtree_control has none, and is counted in that parent.
 * @returns null when that cgroup is the real root of a kernel that gives the
 *   root no memory files (no memory.current, no memory.max).
 */
function v2Plan(path: string, levels: Level[], origin: string | undefined): V2Plan | null {
  const from = levels.findIndex((l) => listsMemory(`${l.dir}/cgroup.controllers`, origin));
  if (from < 0) return null;
  const domain = levels[from]!.dir;
  if (!existsSync(`${domain}/memory.current`) && !existsSync(`${domain}/memory.max`)) return null;
  const dir = domain;
  return {
    kind: 'cgroup2',
    path,
    absent: new Set(),
    levels: levels.slice(from).map((l) => ({ path: l.path, max: `${l.dir}/memory.max`, high: `${l.dir}/memory.high`, swapMax: `${l.dir}/memory.swap.max` })),
    current: `${dir}/memory.current`,
    stat: `${dir}/memory.stat`,
    events: `${dir}/memory.events`,
    peak: `${dir}/memory.peak`,
    swapCurrent: `${dir}/memory.swap.current`,
  };
}

/** Whether a cgroup.controllers file lists memory (an absent file does not). */
function listsMemory(path: string, origin: string | undefined): boolean {
  try {
    return readProcText(path, origin).split(/\s+/).includes('memory');
  } catch (err) {
    if (isAbsent(err)) return false;
    throw err;
  }
}

// --- reading ------------------------------------------------------------------

function value(path: string, origin: string | undefined): number | 'max' {
  const f = readProcFile(path, origin);
  return parseCgroupValue(f.bytes, f.length, path);
}

/** An optional single-value file: undefined when absent (and, in `absent`, remembered so). */
function optionalValue(path: string, origin: string | undefined, absent: Set<string>): number | 'max' | undefined {
  if (absent.has(path)) return undefined;
  try {
    return value(path, origin);
  } catch (err) {
    if (!isAbsent(err)) throw err;
    absent.add(path);
    return undefined;
  }
}

/** An optional file's bytes, or undefined when absent (remembered in `absent`). */
function optionalFile(path: string, origin: string | undefined, absent: Set<string>): FileBytes | undefined {
  if (absent.has(path)) return undefined;
  try {
    return readProcFile(path, origin);
  } catch (err) {
    if (!isAbsent(err)) throw err;
    absent.add(path);
    return undefined;
  }
}

function count(path: string, v: number | 'max' | undefined): number | undefined {
  if (v === 'max') throw new StatError('PARSE', path, `cannot parse ${path}: "max" where a number of bytes belongs`);
  return v;
}

const V2_STAT_KEYS = ['anon', 'file', 'kernel', 'shmem', 'inactive_anon', 'active_anon', 'inactive_file', 'active_file'] as const;
const v2StatTable = new Table(V2_STAT_KEYS, { separator: ' ', unit: 'none' });
const V1_STAT_KEYS = [
  'total_cache',
  'total_rss',
  'total_shmem',
  'total_inactive_anon',
  'total_active_anon',
  'total_inactive_file',
  'total_active_file',
  'hierarchical_memory_limit',
  'hierarchical_memsw_limit',
] as const;
const v1StatTable = new Table(V1_STAT_KEYS, { separator: ' ', unit: 'none' });
const EVENT_KEYS = ['low', 'high', 'max', 'oom', 'oom_kill'] as const;
const eventsTable = new Table(EVENT_KEYS, { separator: ' ', unit: 'none' });
const oomTable = new Table(['oom_kill'] as const, { separator: ' ', unit: 'none' });
const statValues = new Float64Array(9);
const eventValues = new Float64Array(EVENT_KEYS.length);
const oomValues = new Float64Array(1);

function required(values: Float64Array, slot: number, key: string, path: string): number {
  const v = values[slot]!;
  if (v < 0) throw new StatError('PARSE', path, `cannot parse ${path}: ${key} is missing`);
  return v;
}

/** Table.read, with a malformed line reported against the file (the cgroup file is what the user can look at). */
function readTable<K extends string>(table: Table<K>, f: FileBytes, path: string, out: Float64Array): Float64Array {
  try {
    return table.read(f.bytes, f.length, path, table.all, out);
  } catch (err) {
    if (err instanceof StatError) throw new StatError('PARSE', path, err.message, undefined, { cause: err });
    throw err;
  }
}

function readV2Stat(path: string, origin: string | undefined): V2Stat {
  const f = readProcFile(path, origin);
  const v = readTable(v2StatTable, f, path, statValues);
  return {
    anon: required(v, 0, 'anon', path),
    file: required(v, 1, 'file', path),
    kernel: v[2]!,
    shmem: v[3]!,
    inactiveAnon: v[4]!,
    activeAnon: v[5]!,
    inactiveFile: required(v, 6, 'inactive_file', path),
    activeFile: v[7]!,
  };
}

function readV1Stat(path: string, origin: string | undefined): V1Stat {
  const f = readProcFile(path, origin);
  const v = readTable(v1StatTable, f, path, statValues);
  return {
    cache: required(v, 0, 'total_cache', path),
    rss: required(v, 1, 'total_rss', path),
    shmem: v[2]!,
    inactiveAnon: v[3]!,
    activeAnon: v[4]!,
    inactiveFile: required(v, 5, 'total_inactive_file', path),
    activeFile: v[6]!,
    hierarchicalLimit: v[7]!,
    hierarchicalMemswLimit: v[8]!,
  };
}

function readEvents(path: string, origin: string | undefined, absent: Set<string>): ContainerEvents | undefined {
  const f = optionalFile(path, origin, absent);
  if (f === undefined) return undefined;
  const v = readTable(eventsTable, f, path, eventValues);
  const at = (slot: number) => (v[slot]! < 0 ? undefined : v[slot]!);
  return { low: at(0), high: at(1), max: at(2), oom: at(3), oomKill: at(4) };
}

function readOomKill(path: string, origin: string | undefined, absent: Set<string>): number | undefined {
  const f = optionalFile(path, origin, absent);
  if (f === undefined) return undefined;
  const v = readTable(oomTable, f, path, oomValues)[0]!;
  // `oom_kill` arrived in Linux 4.13; older kernels print only the first two lines.
  return v < 0 ? undefined : v;
}

function readV2(p: V2Plan, origin: string | undefined, hostAvailable: number): CgroupFigures {
  const a = p.absent;
  const events = readEvents(p.events, origin, a);
  const peak = count(p.peak, optionalValue(p.peak, origin, a));
  const swapCurrent = count(p.swapCurrent, optionalValue(p.swapCurrent, origin, a));
  const levels = p.levels.map((l) => ({
    path: l.path,
    max: optionalValue(l.max, origin, a),
    high: optionalValue(l.high, origin, a),
    // Without swap accounting there is no swap.max either: no read.
    swapMax: swapCurrent === undefined ? undefined : optionalValue(l.swapMax, origin, a),
  }));
  const current = count(p.current, value(p.current, origin))!;
  const stat = readV2Stat(p.stat, origin);
  return cgroup2Stats({ path: p.path, levels, current, stat, events, peak, swapCurrent }, hostAvailable);
}

function readV1(p: V1Plan, origin: string | undefined, hostAvailable: number): CgroupFigures {
  const a = p.absent;
  const maxUsage = count(p.maxUsage, optionalValue(p.maxUsage, origin, a));
  const failcnt = count(p.failcnt, optionalValue(p.failcnt, origin, a));
  const oomKill = readOomKill(p.oomControl, origin, a);
  const kmem = count(p.kmem, optionalValue(p.kmem, origin, a));
  const memswUsage = count(p.memswUsage, optionalValue(p.memswUsage, origin, a));
  const usage = count(p.usage, value(p.usage, origin))!;
  const stat = readV1Stat(p.stat, origin);
  const memswLimit = memswUsage !== undefined && stat.hierarchicalMemswLimit < 0 ? count(p.memswLimit, optionalValue(p.memswLimit, origin, a)) : undefined;
  const r = { path: p.path, levels: [] as { path: string; limit: number | undefined }[], usage, stat, maxUsage, failcnt, oomKill, kmem, memswUsage, memswLimit };
  // Without hierarchical_memory_limit (very old kernels) the cgroup's own
  // limit is the limit; with it, walk up only as far as the cgroup that set
  // it, for limitPath (none when it was set above the mount's root).
  const limit = stat.hierarchicalLimit;
  if (limit < V1_UNLIMITED) {
    for (const l of p.levels) {
      const v = optionalValue(l.limit, origin, a);
      r.levels.push({ path: l.path, limit: v === 'max' ? undefined : v });
      if (v === limit || limit < 0) break;
    }
  }
  return cgroup1Stats(r, hostAvailable);
}

/**
 * This process's cgroup figures, or null where there is no memory controller.
 * @param hostAvailable the host's available memory (never counting a ZFS ARC).
 * @throws StatError `OPEN` naming a file the cgroup must have (a cgroup removed
 *   mid-call), `PARSE` naming a malformed one.
 */
export function readCgroup(o: Resolved, hostAvailable: number): CgroupFigures | null {
  const { plan } = locate(o);
  if (plan === null) return null;
  return plan.kind === 'cgroup2' ? readV2(plan, o.sysOrigin, hostAvailable) : readV1(plan, o.sysOrigin, hostAvailable);
}

/**
 * Memory pressure from a PSI file.
 * @returns undefined when the kernel has none there (the file is absent, or
 *   PSI is off: EOPNOTSUPP).
 * @throws StatError for any other failure, naming the file.
 */
export function readPressure(path: string, origin: string | undefined): MemPressure | undefined {
  let text: string;
  try {
    text = readProcText(path, origin);
  } catch (err) {
    if (noPsi(err)) return undefined;
    throw err;
  }
  return memoryPressureFrom(text, path);
}

/** A PSI file that is absent, or present on a kernel with PSI off (reading fails with EOPNOTSUPP). */
export function noPsi(err: unknown): boolean {
  return isAbsent(err) || (err instanceof StatError && err.errno === EOPNOTSUPP);
}
