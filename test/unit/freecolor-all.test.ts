import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { allRows, renderAll, wrap } from '../../src/cli/freecolor/all.js';
import type { MemStats } from '../../src/types/mem.js';
import type { SwapStats } from '../../src/types/swap.js';

const GiB = 1024 ** 3;
const mem: MemStats = { total: 16 * GiB, free: 6 * GiB, used: 10 * GiB, cache: 2 * GiB, available: 5 * GiB, buffers: GiB / 4, shared: GiB / 8, active: 7 * GiB, inactive: 3 * GiB };
const zfs: MemStats = { total: 16 * GiB, free: 4 * GiB, used: 12 * GiB, cache: 0, available: 9 * GiB, wired: 8 * GiB, arc: { size: 6 * GiB, min: GiB, max: 12 * GiB } };
const swap: SwapStats = {
  total: 24 * GiB,
  used: 9 * GiB,
  free: 15 * GiB,
  devices: [
    { name: '/dev/nvme0n1p3', total: 8 * GiB, used: 4 * GiB },
    { name: '/dev/mapper/vg0-swap_1', total: 8 * GiB, used: 3 * GiB },
    { name: '/var/lib/swap/a-rather-long-swapfile-name-for-a-test', total: 8 * GiB, used: 2 * GiB },
  ],
};
const width = (text: string) => Math.max(...text.split('\n').map((l) => stripVTControlCharacters(l).length));

describe('-a fits the terminal', () => {
  for (const unit of ['b', 'k', 'm'] as const) {
    it(`-${unit} with three swap devices fits 80 columns`, () => {
      const out = renderAll(mem, swap, { unit, human: false }, false, { width: 80, total: true, arc: false });
      assert.ok(width(out) <= 80, out);
      // Nothing is lost: every device name is still there, wrapped in the field column.
      const fieldColumn = out
        .split('\n')
        .map((l) => l.split('│')[1]?.trim() ?? '')
        .join('');
      for (const d of swap.devices!) assert.ok(fieldColumn.includes(d.name), d.name);
    });
  }
  it('adapts: 120 columns leave every meaning on one line, 60 wrap them', () => {
    const shortNames = { ...swap, devices: swap.devices!.slice(0, 2) };
    const wide = renderAll(mem, shortNames, { unit: 'k', human: false }, false, { width: 120, total: false, arc: false });
    assert.ok(width(wide) <= 120);
    assert.ok(wide.includes('what new work can get without swapping: the figure for guards'));
    const narrow = renderAll(mem, swap, { unit: 'k', human: false }, false, { width: 60, total: false, arc: false });
    assert.ok(width(narrow) <= 60, narrow);
  });
  it('wrap() breaks at spaces, and inside a word longer than a line', () => {
    assert.equal(wrap('swap device: used / size', 12), 'swap device:\nused / size');
    assert.equal(wrap('/var/lib/swap/file', 8), '/var/lib\n/swap/fi\nle');
  });
});

describe('-a applies -t and --arc', () => {
  it('-t adds memory + swap rows', () => {
    const rows = allRows(mem, swap, { total: true, arc: false });
    const byField = Object.fromEntries(rows.map((r) => [r.field, r.bytes]));
    assert.equal(byField['all total'], 40 * GiB);
    assert.equal(byField['all used'], 19 * GiB);
    assert.equal(byField['all free'], 21 * GiB);
    assert.equal(
      allRows(mem, swap).find((r) => r.field === 'all total'),
      undefined,
    );
  });
  it('--arc counts the reclaimable ARC (size - min = 5 GiB) as cache and free', () => {
    const rows = Object.fromEntries(allRows(zfs, swap, { total: false, arc: true }).map((r) => [r.field, r]));
    assert.equal(rows.free!.bytes, 9 * GiB);
    assert.equal(rows.cache!.bytes, 5 * GiB);
    assert.equal(rows.used!.bytes, 7 * GiB);
    assert.match(rows.free!.description, /--arc/);
    const plain = Object.fromEntries(allRows(zfs, swap).map((r) => [r.field, r.bytes]));
    assert.deepEqual([plain.free, plain.cache, plain.used], [4 * GiB, 0, 12 * GiB]);
  });
  it('says when the device list is unknown instead of leaving it out', () => {
    const rows = allRows(mem, { ...swap, devices: undefined });
    const row = rows.find((r) => r.field === 'swap devices');
    assert.equal(row?.text, 'unknown');
  });
});
