import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { getCpuStats, getHostInfo, getLoadStats, getPageStats, getProcessCount, getProcessStats, getUserStats } from '../src/index.js';
import { type Area, measure, measureProcesses, QUICK, type Row, row } from './lib.js';

/*
 * Issue 12's getters on Linux against their read floor: the same files read
 * with fs.readSync into a reused buffer and not parsed (procfs files through
 * a kept descriptor, per-process files opened and closed, as the getters
 * must). getProcessStats() on about 300 processes against `ps -e`, whole
 * process against whole process, and statgrab against Debian's.
 */

const ROOT = join(__dirname, '..', '..');
const buf = Buffer.alloc(256 * 1024);

function keptReader(path: string): { read: () => number; close: () => void } {
  const fd = openSync(path, 'r');
  return { read: () => readSync(fd, buf, 0, buf.length, 0), close: () => closeSync(fd) };
}

function readOnce(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    return readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
}

const pidsOf = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));

/** Start `n` sleeping processes (so that the table holds about 300); returns their killer. */
function crowd(n: number): () => void {
  const children = Array.from({ length: Math.max(0, n) }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
  return () => {
    for (const c of children) c.kill('SIGKILL');
  };
}

export const statgrabArea: Area = {
  name: 'Linux host, CPU, load, paging, processes, users (issue 12)',
  unavailable: () => (process.platform === 'linux' ? undefined : 'reads Linux /proc'),
  async rows(): Promise<Row[]> {
    const stat = keptReader('/proc/stat');
    const loadavg = keptReader('/proc/loadavg');
    const vmstat = keptReader('/proc/vmstat');
    const uptime = keptReader('/proc/uptime');
    const online = keptReader('/sys/devices/system/cpu/online');
    const possible = keptReader('/sys/devices/system/cpu/possible');
    const utmp = join(ROOT, 'test', 'fixtures', 'linux', 'gopsutil-4cpu', 'utmp');
    const n = QUICK ? 2_000 : 20_000;
    const m = await measure([
      { name: 'floor stat', calls: n, fn: stat.read },
      { name: 'getCpuStats', calls: n, fn: () => getCpuStats() },
      { name: 'floor loadavg', calls: n, fn: loadavg.read },
      { name: 'getLoadStats', calls: n, fn: () => getLoadStats() },
      { name: 'floor vmstat', calls: n, fn: vmstat.read },
      { name: 'getPageStats', calls: n, fn: () => getPageStats() },
      { name: 'floor host', calls: n, fn: () => stat.read() + uptime.read() + online.read() + possible.read() },
      { name: 'getHostInfo', calls: n, fn: () => getHostInfo() },
      { name: 'floor utmp', calls: n, fn: () => readOnce(utmp) },
      { name: 'getUserStats', calls: n, fn: () => getUserStats({ utmp }) },
    ]);
    for (const r of [stat, loadavg, vmstat, uptime, online, possible]) r.close();
    const rows = [
      row('getCpuStats() per call', m.get('getCpuStats')!, 'getCpuStats()', m.get('floor stat')!, 'fs.readSync of /proc/stat, kept fd', '≤ 1.5×', (r) => r <= 1.5),
      row('getLoadStats() per call', m.get('getLoadStats')!, 'getLoadStats()', m.get('floor loadavg')!, 'fs.readSync of /proc/loadavg, kept fd', '≤ 1.5×', (r) => r <= 1.5),
      row('getPageStats() per call', m.get('getPageStats')!, 'getPageStats()', m.get('floor vmstat')!, 'fs.readSync of /proc/vmstat, kept fd', '≤ 1.5×', (r) => r <= 1.5),
      row('getHostInfo() per call', m.get('getHostInfo')!, 'getHostInfo()', m.get('floor host')!, 'fs.readSync of /proc/stat, uptime, sysfs cpu online, possible', '≤ 1.5×', (r) => r <= 1.5),
      row('getUserStats() per call', m.get('getUserStats')!, 'getUserStats() (5 records)', m.get('floor utmp')!, 'open, read, close of the utmp file', '≤ 1.5×', (r) => r <= 1.5),
    ];

    const stop = crowd(300 - pidsOf().length);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const count = pidsOf().length;
      const floorCount = () => {
        let t = 0;
        for (const pid of pidsOf()) t += readOnce(`/proc/${pid}/stat`);
        return t;
      };
      const floorStats = () => {
        let t = 0;
        for (const pid of pidsOf()) t += readOnce(`/proc/${pid}/stat`) + readOnce(`/proc/${pid}/status`) + readOnce(`/proc/${pid}/cmdline`);
        return t;
      };
      const k = QUICK ? 20 : 200;
      const p = await measure([
        { name: 'floor count', calls: k, fn: floorCount },
        { name: 'getProcessCount', calls: k, fn: () => getProcessCount() },
        { name: 'floor stats', calls: k, fn: floorStats },
        { name: 'getProcessStats', calls: k, fn: () => getProcessStats() },
      ]);
      rows.push(
        row(`getProcessCount() on ${count} processes`, p.get('getProcessCount')!, 'getProcessCount()', p.get('floor count')!, 'readdir /proc + read each <pid>/stat', '≤ 1.5×', (r) => r <= 1.5),
        row(
          `getProcessStats() on ${count} processes`,
          p.get('getProcessStats')!,
          'getProcessStats()',
          p.get('floor stats')!,
          'readdir /proc + read each <pid>/{stat,status,cmdline}',
          '≤ 1.5×',
          (r) => r <= 1.5,
        ),
      );
      const script = `require(${JSON.stringify(join(ROOT, 'dist', 'index.js'))}).getProcessStats()`;
      const w = measureProcesses(
        [
          { name: 'ps -e', command: 'ps', args: ['-e'] },
          { name: 'node getProcessStats', args: ['-e', script] },
          { name: 'node -e 0', args: ['-e', '0'] },
        ],
        QUICK ? 5 : 30,
      );
      rows.push(
        row(`getProcessStats() in a fresh node, ${count} processes (reported)`, w.get('node getProcessStats')!, 'node -e getProcessStats()', w.get('ps -e')!, 'ps -e (procps)', 'reported', null),
        row(`getProcessStats() in-process, ${count} processes (reported)`, p.get('getProcessStats')!, 'getProcessStats() call', w.get('ps -e')!, 'ps -e, whole process', 'reported', null),
      );
    } finally {
      stop();
    }

    const statgrab = join(ROOT, 'bin', 'statgrab');
    const args = ['const.', 'cpu.', 'mem.', 'load.', 'user.', 'swap.', 'general.', 'proc.', 'page.'];
    if (spawnSync('sh', ['-c', 'command -v statgrab'], { stdio: 'ignore' }).status === 0) {
      const s = measureProcesses(
        [
          { name: 'statgrab (sysgrab)', args: [statgrab, ...args] },
          { name: 'statgrab (Debian)', command: 'statgrab', args },
          { name: 'node -e 0', args: ['-e', '0'] },
        ],
        QUICK ? 5 : 30,
      );
      rows.push(
        row('statgrab, part-1 keys, whole process', s.get('statgrab (sysgrab)')!, 'bin/statgrab', s.get('node -e 0')!, 'node -e 0', '≤ 1.5×', (r) => r <= 1.5),
        row('statgrab, part-1 keys, whole process (reported)', s.get('statgrab (sysgrab)')!, 'bin/statgrab', s.get('statgrab (Debian)')!, "Debian's statgrab (C)", 'reported', null),
      );
    }
    return rows;
  },
};
