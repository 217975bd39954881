import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memStatsFromMeminfo, parseMeminfo, swapStatsFromMeminfo } from '../../src/linux/meminfo.js';
import { parseSwaps } from '../../src/linux/swaps.js';

function mem(text: string) {
  return memStatsFromMeminfo(parseMeminfo(text, 'test'), 'test');
}

describe('meminfo parser', () => {
  it('reads any key order, skips unknown keys, unit-less HugePages and keys with parentheses', () => {
    const m = mem('HugePages_Total:       4\nActive(anon): 99 kB\nCached: 300 kB\nWeird Key: x\nMemFree: 200 kB\nMemTotal: 1000 kB\nInactive(file): 7 kB\nActive: 11 kB\n');
    assert.deepEqual(
      { total: m.total, free: m.free, cache: m.cache, used: m.used, active: m.active },
      {
        total: 1024000,
        free: 512000,
        cache: 307200,
        used: 512000,
        active: 11264,
      },
    );
  });
  it('tolerates CRLF line ends and tabs', () => {
    const m = mem('MemTotal:\t1000 kB\r\nMemFree:\t 1 kB\r\nCached: 2 kB \r\n');
    assert.equal(m.total, 1024000);
    assert.equal(m.free, 3072);
  });
  it('takes the first of duplicated keys', () => {
    assert.equal(mem('MemTotal: 10 kB\nMemTotal: 20 kB\nMemFree: 1 kB\nCached: 1 kB\n').total, 10240);
  });
  it('does not let Active(anon) stand in for Active', () => {
    assert.equal(mem('MemTotal: 10 kB\nMemFree: 1 kB\nCached: 1 kB\nActive(anon): 5 kB\n').active, undefined);
  });
  it('estimates available without MemAvailable and clamps it to [0, total]', () => {
    assert.equal(mem('MemTotal: 100 kB\nMemFree: 10 kB\nCached: 20 kB\nBuffers: 5 kB\nSReclaimable: 3 kB\nShmem: 2 kB\n').available, 36 * 1024);
    assert.equal(mem('MemTotal: 100 kB\nMemFree: 0 kB\nCached: 0 kB\nShmem: 50 kB\n').available, 0);
    assert.equal(mem('MemTotal: 100 kB\nMemFree: 10 kB\nCached: 20 kB\nMemAvailable: 500 kB\n').available, 100 * 1024);
  });
  it('never reports used below 0 when MemFree + Cached exceeds MemTotal', () => {
    const m = mem('MemTotal: 100 kB\nMemFree: 90 kB\nCached: 50 kB\n');
    assert.equal(m.used, 0);
    assert.equal(m.free, m.total);
    assert.ok(m.cache <= m.free);
  });
  it('clamps SwapFree to SwapTotal', () => {
    assert.deepEqual(swapStatsFromMeminfo(parseMeminfo('SwapTotal: 10 kB\nSwapFree: 20 kB\n', 't'), 't', []), { total: 10240, used: 0, free: 10240, devices: [] });
  });
});

describe('/proc/swaps parser', () => {
  it('reads devices and undoes octal escapes in names', () => {
    assert.deepEqual(parseSwaps('Filename\tType\tSize\tUsed\tPriority\n/swap\\040file file 100 10 -2\n/dev/sda2 partition 50 0 -3\n', 't'), [
      { name: '/swap file', total: 102400, used: 10240 },
      { name: '/dev/sda2', total: 51200, used: 0 },
    ]);
  });
  it('gives [] for a header alone', () => {
    assert.deepEqual(parseSwaps('Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n', 't'), []);
  });
});
