import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { getContainerMemStats, getMemPressure, getMemStats, type StatOptions } from '../src/index.js';
import { locate } from '../src/linux/container.js';
import { resolveOptions } from '../src/options.js';
import { measure, QUICK, row, type Area, type Row } from './lib.js';

/*
 * Containers (issue 11): getContainerMemStats() and getMemStats({ scope:
 * 'container' }) on this machine's own cgroup, against the floor of reading
 * the very files they read (each with a kept descriptor and one reused
 * buffer, no parsing) in the same run. Which files: /proc/self/cgroup and
 * mountinfo (read on every call to notice a move), cgroup.controllers (v2),
 * /proc/meminfo (the host's available), then the cgroup's own files in the
 * order the library reads them, leaving out those it found absent.
 */

/** The files one getContainerMemStats() call reads here, in order. */
function filesRead(o: StatOptions): string[] {
  const r = resolveOptions(o);
  const { plan } = locate(r);
  if (plan === null) return [];
  const files = [`${r.procRoot}/self/cgroup`, `${r.procRoot}/self/mountinfo`];
  if (plan.kind === 'cgroup2') {
    files.push(`${plan.levels[plan.levels.length - 1]!.max.slice(0, -'memory.max'.length)}cgroup.controllers`, `${r.procRoot}/meminfo`, plan.events, plan.peak, plan.swapCurrent);
    for (const l of plan.levels) files.push(l.max, l.high, l.swapMax);
    files.push(plan.current, plan.stat);
  } else {
    files.push(`${r.procRoot}/meminfo`, plan.maxUsage, plan.failcnt, plan.oomControl, plan.kmem, plan.memswUsage, plan.usage, plan.stat);
    const c = getContainerMemStats(o);
    if (c?.limit !== undefined) {
      for (const l of plan.levels) {
        files.push(l.limit);
        if (l.path === c.limitPath) break;
      }
    }
  }
  return files.filter((f) => existsSync(f));
}

export const containersArea: Area = {
  name: 'Linux containers',
  unavailable: () => {
    if (process.platform !== 'linux') return 'reads Linux cgroups';
    return getContainerMemStats() === null ? 'this process is in no memory cgroup' : undefined;
  },
  async rows(): Promise<Row[]> {
    const o: StatOptions = {};
    const container: StatOptions = { scope: 'container' };
    const files = filesRead(o);
    const fds = files.map((f) => openSync(f, 'r'));
    const buf = Buffer.alloc(64 * 1024);
    const floor = () => {
      for (const fd of fds) readSync(fd, buf, 0, buf.length, 0);
    };
    const pressureFiles = [`/proc/self/cgroup`, `/proc/self/mountinfo`, locate(resolveOptions(o)).pressure ?? '/proc/pressure/memory'].filter((f) => existsSync(f));
    const pressureFds = pressureFiles.map((f) => openSync(f, 'r'));
    const pressureFloor = () => {
      for (const fd of pressureFds) readSync(fd, buf, 0, buf.length, 0);
    };
    const n = QUICK ? 1_000 : 20_000;
    const m = await measure([
      { name: 'floor', calls: n, fn: floor },
      { name: 'getContainerMemStats', calls: n, fn: () => getContainerMemStats() },
      { name: 'getMemStats(container)', calls: n, fn: () => getMemStats(container) },
      { name: 'pressure floor', calls: n, fn: pressureFloor },
      { name: 'getMemPressure(container)', calls: n, fn: () => getMemPressure(container) },
      { name: 'constrainedMemory', calls: n, fn: () => process.constrainedMemory() },
    ]);
    for (const fd of [...fds, ...pressureFds]) closeSync(fd);
    const what = `the same ${files.length} files (${getContainerMemStats()!.kind}), kept fds, no parsing`;
    return [
      row('getContainerMemStats() per call', m.get('getContainerMemStats')!, 'getContainerMemStats()', m.get('floor')!, what, '≤ 1.5×', (r) => r <= 1.5),
      row("getMemStats({ scope: 'container' }) per call", m.get('getMemStats(container)')!, "getMemStats({ scope: 'container' })", m.get('floor')!, what, '≤ 1.5×', (r) => r <= 1.5),
      row(
        "getMemPressure({ scope: 'container' }) per call",
        m.get('getMemPressure(container)')!,
        "getMemPressure({ scope: 'container' })",
        m.get('pressure floor')!,
        `the same ${pressureFiles.length} files, kept fds`,
        'report',
        null,
      ),
      row('getContainerMemStats() per call', m.get('getContainerMemStats')!, 'getContainerMemStats()', m.get('constrainedMemory')!, 'process.constrainedMemory() (leaf limit only)', 'report', null),
    ];
  },
};
