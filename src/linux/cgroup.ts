import { StatError } from '../errors.js';
import type { CgroupMemStats, ContainerEvents, ContainerSwap } from '../types/container.js';

/*
 * Which cgroup this process is in, where its files are, and the figures they
 * give: everything here is a pure function of text already read (the reading
 * is in container.ts), so tests feed it crafted files.
 *
 * Sources: Documentation/admin-guide/cgroup-v2.rst ("Memory Interface
 * Files"), cgroup-v1/memory.rst, proc(5) (/proc/[pid]/cgroup and mountinfo),
 * cgroup_namespaces(7). The working set is cAdvisor's (usage − inactive
 * file); the limit is the smallest up the tree, as Rust sysinfo and the .NET
 * GC take it, because the kernel enforces every ancestor's limit too.
 */

// --- /proc/self/cgroup ------------------------------------------------------

/** The lines of /proc/self/cgroup that matter: the v1 memory hierarchy's and the v2 (`0::`) one. */
export interface ProcCgroup {
  /** Path of the v1 hierarchy whose controller list has `memory`. */
  v1Memory?: string;
  /** Path of the `0::` line (cgroup v2, or systemd's unified hierarchy on hybrid hosts). */
  v2?: string;
}

/**
 * `hierarchy-ID:controller-list:cgroup-path` lines (cgroups(7)). The path
 * may itself contain `:`, so each line is split at its first two colons.
 * @throws StatError `PARSE` naming the file for a line of another form.
 */
export function parseProcCgroup(text: string, path: string): ProcCgroup {
  const out: ProcCgroup = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    const id = line.slice(0, a);
    if (b < 0 || !/^\d+$/.test(id) || line[b + 1] !== '/') {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} is not "hierarchy-ID:controllers:/path"`);
    }
    const controllers = line.slice(a + 1, b);
    const cgroupPath = line.slice(b + 1);
    if (id === '0' && controllers === '') out.v2 = cgroupPath;
    else if (controllers.split(',').includes('memory')) out.v1Memory = cgroupPath;
  }
  return out;
}

// --- /proc/self/mountinfo ---------------------------------------------------

/** A cgroup file system as mounted in this process's view. */
export interface CgroupMount {
  /** Field 4: the directory of the hierarchy this mount shows (`/`, or `/docker/<id>` for a bind mount). */
  root: string;
  /** Field 5: where it is mounted (`/sys/fs/cgroup`, `/sys/fs/cgroup/memory`). */
  mountPoint: string;
}

export interface CgroupMounts {
  v2: CgroupMount[];
  v1Memory: CgroupMount[];
}

/** The kernel writes space, tab, newline and backslash in paths as `\040 \011 \012 \134`. */
export function unescapeMountPath(s: string): string {
  return s.includes('\\') ? s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8))) : s;
}

/**
 * The cgroup mounts of a mountinfo file (proc(5)):
 * `36 35 98:0 /root /mount/point opts [optional fields...] - fstype source superopts`.
 * v2: fstype `cgroup2`. v1 memory: fstype `cgroup` with `memory` among the
 * super options (an exact element: cgroup2's `memory_recursiveprot` is not it).
 * @throws StatError `PARSE` naming the file for a line without the ` - ` separator.
 */
export function parseCgroupMounts(text: string, path: string): CgroupMounts {
  const out: CgroupMounts = { v2: [], v1Memory: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    // Cheap reject first: most mounts are not cgroups.
    if (!line.includes(' - cgroup')) {
      if (line.indexOf(' - ') < 0) throw malformedMount(path, i);
      continue;
    }
    const fields = line.split(' ');
    const sep = fields.indexOf('-', 6);
    if (sep < 0 || fields.length < sep + 4) throw malformedMount(path, i);
    const fstype = fields[sep + 1];
    const mount = { root: unescapeMountPath(fields[3]!), mountPoint: unescapeMountPath(fields[4]!) };
    if (fstype === 'cgroup2') out.v2.push(mount);
    else if (fstype === 'cgroup' && fields[sep + 3]!.split(',').includes('memory')) out.v1Memory.push(mount);
  }
  return out;
}

function malformedMount(path: string, i: number): StatError {
  return new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} has no " - " separator before the file system type`);
}

// --- from a cgroup path to its directories ----------------------------------

/** One cgroup of the walk: its path as /proc/self/cgroup names it, and its directory in this process's view. */
export interface Level {
  path: string;
  dir: string;
}

const segments = (p: string): string[] => p.split('/').filter((s) => s !== '');

/**
 * The process's cgroup and its ancestors up to the mount's root, nearest
 * first. The process's directory is the mount point plus the path below the
 * mount's root. A path outside every mount's root (a cgroup namespace the
 * mount predates, shown with `..`) leaves only the mount point itself.
 * @returns undefined when there is no mount.
 */
export function cgroupLevels(cgroupPath: string, mounts: readonly CgroupMount[]): Level[] | undefined {
  if (mounts.length === 0) return undefined;
  const p = segments(cgroupPath);
  if (!p.includes('..')) {
    for (const mount of mounts) {
      const r = segments(mount.root);
      if (r.length > p.length || r.some((s, i) => s !== p[i])) continue;
      const base = mount.mountPoint.replace(/\/+$/, '');
      const levels: Level[] = [];
      for (let k = p.length; k >= r.length; k--) {
        const below = p.slice(r.length, k);
        levels.push({ path: `/${p.slice(0, k).join('/')}`, dir: below.length === 0 ? mount.mountPoint : `${base}/${below.join('/')}` });
      }
      return levels;
    }
  }
  return [{ path: cgroupPath, dir: mounts[0]!.mountPoint }];
}

// --- values -----------------------------------------------------------------

/**
 * A single-value cgroup file (`memory.max`, `memory.usage_in_bytes`): a
 * number, or `max` (v2's "no limit").
 * @throws StatError `PARSE` naming the file for anything else.
 */
export function parseCgroupValue(bytes: Uint8Array, length: number, path: string): number | 'max' {
  let end = length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x20)) end--;
  if (end === 3 && bytes[0] === 0x6d && bytes[1] === 0x61 && bytes[2] === 0x78) return 'max';
  let v = 0;
  for (let i = 0; i < end; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x39) return badValue(bytes, end, path);
    v = v * 10 + (c - 0x30);
  }
  if (end === 0) return badValue(bytes, end, path);
  return v;
}

function badValue(bytes: Uint8Array, end: number, path: string): never {
  const text = Buffer.from(bytes.subarray(0, Math.min(end, 40))).toString('latin1');
  throw new StatError('PARSE', path, `cannot parse ${path}: "${text}" is not a number of bytes or "max"`);
}

/**
 * v1 has no "max": an unlimited cgroup reads PAGE_COUNTER_MAX × PAGE_SIZE,
 * with PAGE_COUNTER_MAX = LONG_MAX / PAGE_SIZE (include/linux/page_counter.h):
 * 2^63 − 4096 with 4 KiB pages, 2^63 − 65536 with 64 KiB pages (RHEL's arm64
 * kernels), and LLONG_MAX before Linux 3.19. Anything from 2^63 − 65536 up
 * is "no limit"; no real limit comes near it.
 */
export const V1_UNLIMITED = 2 ** 63 - 65536;

const limitOf = (v: number | 'max' | undefined): number | undefined => (v === undefined || v === 'max' || v >= V1_UNLIMITED ? undefined : v);

// --- the figures --------------------------------------------------------------

/** memory.stat figures of cgroup v2, bytes; -1 where the key is absent. */
export interface V2Stat {
  anon: number;
  file: number;
  kernel: number;
  shmem: number;
  inactiveAnon: number;
  activeAnon: number;
  inactiveFile: number;
  activeFile: number;
}

/** What a cgroup v2 gives, as read. A level's value is undefined when its file does not exist (the root cgroup has none). */
export interface V2Readings {
  path: string;
  /** From the process's cgroup (or the nearest one with memory files) up to the mount's root. */
  levels: { path: string; max: number | 'max' | undefined; high: number | 'max' | undefined; swapMax: number | 'max' | undefined }[];
  current: number;
  stat: V2Stat;
  events?: ContainerEvents;
  peak?: number;
  swapCurrent?: number;
}

/** memory.stat figures of cgroup v1 (the hierarchical total_* ones), bytes; -1 where absent. */
export interface V1Stat {
  cache: number;
  rss: number;
  shmem: number;
  inactiveAnon: number;
  activeAnon: number;
  inactiveFile: number;
  activeFile: number;
  hierarchicalLimit: number;
  hierarchicalMemswLimit: number;
}

export interface V1Readings {
  path: string;
  /** The visible cgroups from the process's up, with their memory.limit_in_bytes (undefined when unreadable). */
  levels: { path: string; limit: number | undefined }[];
  usage: number;
  stat: V1Stat;
  maxUsage?: number;
  failcnt?: number;
  oomKill?: number;
  kmem?: number;
  memswUsage?: number;
  memswLimit?: number;
}

/** A cgroup's figures plus the LRU sums that container-scope MemStats shows as active/inactive. */
export interface CgroupFigures {
  stats: CgroupMemStats;
  active?: number;
  inactive?: number;
}

const present = (v: number): number | undefined => (v < 0 ? undefined : v);
const sum = (a: number, b: number): number | undefined => (a < 0 || b < 0 ? undefined : a + b);

/** `min(limit − workingSet, host available)`, floored at 0; the host's without a limit. */
export function availableUnder(limit: number | undefined, workingSet: number, hostAvailable: number): number {
  return limit === undefined ? hostAvailable : Math.max(0, Math.min(limit - workingSet, hostAvailable));
}

/** The smallest value and the nearest level that has it. */
function smallest<T extends { path: string }>(levels: readonly T[], value: (l: T) => number | undefined): { value: number; path: string } | undefined {
  let best: { value: number; path: string } | undefined;
  for (const l of levels) {
    const v = value(l);
    if (v !== undefined && (best === undefined || v < best.value)) best = { value: v, path: l.path };
  }
  return best;
}

/** CgroupMemStats of a cgroup v2 (README, "In a container", has the table of figures). */
export function cgroup2Stats(r: V2Readings, hostAvailable: number): CgroupFigures {
  const limit = smallest(r.levels, (l) => limitOf(l.max));
  const high = smallest(r.levels, (l) => limitOf(l.high));
  const workingSet = Math.max(0, r.current - r.stat.inactiveFile);
  const stats: CgroupMemStats = {
    kind: 'cgroup2',
    path: r.path,
    limit: limit?.value,
    limitPath: limit?.path,
    high: high?.value,
    usage: r.current,
    workingSet,
    available: availableUnder(limit?.value, workingSet, hostAvailable),
    anon: present(r.stat.anon),
    file: present(r.stat.file),
    shmem: present(r.stat.shmem),
    kernel: present(r.stat.kernel),
    peak: r.peak,
  };
  if (r.swapCurrent !== undefined) {
    const swap: ContainerSwap = { usage: r.swapCurrent };
    const swapLimit = smallest(r.levels, (l) => limitOf(l.swapMax));
    if (swapLimit !== undefined) swap.limit = swapLimit.value;
    stats.swap = swap;
  }
  if (r.events !== undefined) stats.events = r.events;
  return { stats, active: sum(r.stat.activeAnon, r.stat.activeFile), inactive: sum(r.stat.inactiveAnon, r.stat.inactiveFile) };
}

/** CgroupMemStats of the cgroup v1 memory hierarchy. */
export function cgroup1Stats(r: V1Readings, hostAvailable: number): CgroupFigures {
  // hierarchical_memory_limit is the kernel's own minimum over the cgroup and
  // every ancestor, those above the mount's root included.
  const limit = limitOf(r.stat.hierarchicalLimit >= 0 ? r.stat.hierarchicalLimit : r.levels[0]?.limit);
  const limitPath = limit === undefined ? undefined : r.levels.find((l) => l.limit === limit)?.path;
  const workingSet = Math.max(0, r.usage - r.stat.inactiveFile);
  const stats: CgroupMemStats = {
    kind: 'cgroup1',
    path: r.path,
    limit,
    limitPath,
    usage: r.usage,
    workingSet,
    available: availableUnder(limit, workingSet, hostAvailable),
    anon: present(r.stat.rss),
    file: present(r.stat.cache),
    shmem: present(r.stat.shmem),
    kernel: r.kmem,
    peak: r.maxUsage,
  };
  if (r.memswUsage !== undefined) {
    const swap: ContainerSwap = { usage: Math.max(0, r.memswUsage - r.usage) };
    const memswLimit = limitOf(r.stat.hierarchicalMemswLimit >= 0 ? r.stat.hierarchicalMemswLimit : r.memswLimit);
    if (memswLimit !== undefined && limit !== undefined) swap.limit = Math.max(0, memswLimit - limit);
    stats.swap = swap;
  }
  if (r.failcnt !== undefined || r.oomKill !== undefined) stats.events = { max: r.failcnt, oomKill: r.oomKill };
  return { stats, active: sum(r.stat.activeAnon, r.stat.activeFile), inactive: sum(r.stat.inactiveAnon, r.stat.inactiveFile) };
}
