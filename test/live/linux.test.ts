import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../src/index.js';
import { freecolor } from '../support/helpers.js';

const onLinux = process.platform === 'linux';
const why = "the live checks read this machine's /proc, which only Linux has";

function meminfoKib(key: string): number {
  const line = readFileSync('/proc/meminfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  assert.ok(line, `${key} in /proc/meminfo`);
  return Number(/(\d+)/.exec(line)![1]);
}

describe('this machine', { skip: onLinux ? false : why }, () => {
  it('getMemStats().total is MemTotal × 1024, read independently', () => {
    assert.equal(getMemStats({ platform: 'linux', procRoot: '/proc' }).total, meminfoKib('MemTotal') * 1024);
  });
  it('getSwapStats().total is SwapTotal × 1024 and the devices add up to it', () => {
    const swap = getSwapStats({ platform: 'linux', procRoot: '/proc' });
    assert.equal(swap.total, meminfoKib('SwapTotal') * 1024);
    assert.ok(swap.devices, '/proc/swaps is readable here');
    assert.equal(
      swap.devices.reduce((sum, d) => sum + d.total, 0),
      swap.total,
    );
  });
  it('every figure is a non-negative integer within total', () => {
    const m = getMemStats();
    for (const k of ['free', 'used', 'cache', 'available', 'buffers', 'shared', 'active', 'inactive'] as const) {
      const v = m[k]!;
      assert.ok(Number.isInteger(v) && v >= 0 && v <= m.total, `${k} = ${v}`);
    }
    assert.equal(m.used + m.free, m.total);
  });
  it("npm run freecolor's command prints this machine's bars", () => {
    const r = freecolor([]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Physical {2}: \[[#.]{35}\] \d+%\t\(\d+\/\d+\)\nSwap {6}: \[[#.]{35}\] \d+%\t\(\d+\/\d+\)\n$/);
    const total = Number(/\/(\d+)\)/.exec(r.stdout)![1]);
    assert.equal(total, meminfoKib('MemTotal'));
  });
});
