import { closeSync, openSync, readSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import { getMemStats, getSwapStats, type StatOptions } from '../src/index.js';
import { measure, measureProcesses, QUICK, row, type Area, type Row } from './lib.js';

/*
 * Linux memory: getMemStats()/getSwapStats() against the floor (reading the
 * same procfs files with a kept descriptor and buffer, no parsing), against
 * os.freemem() and systeminformation, and freecolor against a bare node.
 */

const ROOT = join(__dirname, '..', '..');

export const memoryArea: Area = {
  name: 'Linux memory',
  unavailable: () => (process.platform === 'linux' ? undefined : 'reads Linux /proc'),
  async rows(): Promise<Row[]> {
    const meminfoFd = openSync('/proc/meminfo', 'r');
    const swapsFd = openSync('/proc/swaps', 'r');
    const buf = Buffer.alloc(16 * 1024);
    const floorMem = () => readSync(meminfoFd, buf, 0, buf.length, 0);
    const floorSwap = () => readSync(meminfoFd, buf, 0, buf.length, 0) + readSync(swapsFd, buf, 0, buf.length, 0);
    const linux: StatOptions = { platform: 'linux' };
    const si = require('systeminformation') as { mem(): Promise<unknown> };
    const n = QUICK ? 5_000 : 100_000;
    const m = await measure([
      { name: 'floor meminfo', calls: n, fn: floorMem },
      { name: 'getMemStats', calls: n, fn: () => getMemStats() },
      { name: 'getMemStats(options)', calls: n, fn: () => getMemStats(linux) },
      { name: 'os.freemem', calls: n, fn: freemem },
      { name: 'floor meminfo+swaps', calls: n, fn: floorSwap },
      { name: 'getSwapStats', calls: n, fn: () => getSwapStats() },
      { name: 'systeminformation.mem', calls: QUICK ? 200 : 5_000, async: () => si.mem() },
    ]);
    closeSync(meminfoFd);
    closeSync(swapsFd);
    const g = m.get('getMemStats')!;
    const rows = [
      row('getMemStats() per call', g, 'getMemStats()', m.get('floor meminfo')!, 'fs.readSync of /proc/meminfo, reused fd and buffer', '≤ 1.3×', (r) => r <= 1.3),
      row('getMemStats() per call', g, 'getMemStats()', m.get('os.freemem')!, 'os.freemem()', '≤ 1.0×', (r) => r <= 1.0),
      row(
        'getMemStats({ platform }) per call',
        m.get('getMemStats(options)')!,
        "getMemStats({ platform: 'linux' })",
        m.get('floor meminfo')!,
        'fs.readSync of /proc/meminfo, reused fd and buffer',
        '≤ 1.3×',
        (r) => r <= 1.3,
      ),
      row('getMemStats() per call', g, 'getMemStats()', m.get('systeminformation.mem')!, 'systeminformation.mem()', '≥ 20× faster', (r) => r >= 20, true),
      row('getSwapStats() per call', m.get('getSwapStats')!, 'getSwapStats()', m.get('floor meminfo+swaps')!, 'fs.readSync of /proc/meminfo + /proc/swaps', '≤ 1.3×', (r) => r <= 1.3),
    ];
    const freecolor = join(ROOT, 'bin', 'freecolor');
    const env = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined } as NodeJS.ProcessEnv;
    const p = measureProcesses(
      [
        { name: 'node -e 0', args: ['-e', '0'] },
        { name: 'freecolor', args: [freecolor] },
        { name: 'freecolor -a', args: [freecolor, '-a'] },
      ],
      QUICK ? 5 : 40,
      env,
    );
    rows.push(
      row('freecolor, whole process', p.get('freecolor')!, 'freecolor', p.get('node -e 0')!, 'node -e 0', '≤ 1.2×', (r) => r <= 1.2),
      row('freecolor -a, whole process', p.get('freecolor -a')!, 'freecolor -a', p.get('node -e 0')!, 'node -e 0', '≤ 1.5×', (r) => r <= 1.5),
    );
    return rows;
  },
};
