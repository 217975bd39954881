import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatError } from '../../src/index.js';
import { Table } from '../../src/linux/table.js';

/*
 * The generic "key value" reader, on the three shapes the kernel prints:
 * meminfo ("Key:   123 kB"), vmstat and cgroup memory.stat ("key 123").
 */

const bytes = (text: string) => Buffer.from(text, 'latin1');

function read<K extends string>(table: Table<K>, text: string, wanted = table.all): number[] {
  const b = bytes(text);
  return [...table.read(b, b.length, 'test', wanted)];
}

describe('Table: meminfo format', () => {
  const t = () => new Table(['MemTotal', 'MemFree', 'Active'] as const, { separator: ':', unit: 'kB' });
  it('reads wanted keys in any order, -1 for absent ones', () => {
    assert.deepEqual(read(t(), 'MemFree:   20 kB\nOther: 5 kB\nMemTotal: 100 kB\n'), [100, 20, -1]);
  });
  it('does not take Active(anon) for Active', () => {
    assert.deepEqual(read(t(), 'Active(anon): 5 kB\nMemTotal: 1 kB\n'), [1, -1, -1]);
  });
  it('reads only what is wanted', () => {
    const table = t();
    assert.deepEqual(read(table, 'MemTotal: 1 kB\nMemFree: oops\n', table.set(['MemTotal'])), [1, -1, -1]);
  });
  for (const [what, line, why] of [
    ['no unit', 'MemFree: 12', /has no "kB" unit/],
    ['text', 'MemFree: x kB', /is not a number/],
    ['trailing text', 'MemFree: 12 kB x', /has trailing text/],
    ['a negative', 'MemFree: -1 kB', /is not a number/],
  ] as const) {
    it(`a wanted value with ${what}: PARSE naming the key`, () => {
      assert.throws(
        () => read(t(), `MemTotal: 1 kB\n${line}\n`),
        (e: unknown) => e instanceof StatError && e.code === 'PARSE' && e.arg === 'MemFree' && why.test(e.message),
      );
    });
  }
  it('a key at the very end without a newline', () => {
    assert.deepEqual(read(t(), 'MemTotal: 7 kB'), [7, -1, -1]);
  });
});

describe('Table: "key value" format (vmstat, memory.stat)', () => {
  const t = () => new Table(['file', 'inactive_file', 'pgpgin'] as const, { separator: ' ', unit: 'none' });
  it('reads bare numbers, and a key that is a prefix of another is not confused with it', () => {
    assert.deepEqual(read(t(), 'anon 1\nfile 4096\nfile_mapped 3\ninactive_file 2048\npgpgin 9\n'), [4096, 2048, 9]);
  });
  it('refuses a unit where none belongs', () => {
    assert.throws(() => read(t(), 'file 12 kB\n'), /the value of file has trailing text/);
  });
  it('reads values past 2^53 approximately (callers check their ranges)', () => {
    assert.equal(read(t(), 'file 9223372036854771712\n')[0], 2 ** 63 - 4096);
  });
});

describe('Table: remembered offsets', () => {
  it('give the same answers as a fresh scan when the layout holds, and when it changes', () => {
    const keys = ['MemTotal', 'MemFree', 'Cached'] as const;
    const table = new Table(keys, { separator: ':', unit: 'kB' });
    const texts = [
      'MemTotal:  100 kB\nMemFree:    20 kB\nCached:      5 kB\n',
      'MemTotal:  100 kB\nMemFree:    21 kB\nCached:      6 kB\n', // same layout, new values
      'MemTotal:  100 kB\nX: 1 kB\nMemFree:    22 kB\nCached:      7 kB\n', // a line added before
      'Cached: 8 kB\nMemTotal: 100 kB\n', // reordered, one missing
      'MemTotal:  100 kB\nMemFree:    23 kB\nCached:     99 kB\n',
      'MemTotal:  100 kB\nMemFree:    23 kB\nCached:     99 x\n', // broken where a hint points
    ];
    for (const text of texts) {
      const fresh = new Table(keys, { separator: ':', unit: 'kB' });
      let want: unknown, got: unknown;
      try {
        want = read(fresh, text);
      } catch (e) {
        want = (e as Error).message;
      }
      try {
        got = read(table, text);
      } catch (e) {
        got = (e as Error).message;
      }
      assert.deepEqual(got, want, text);
    }
  });
  it('are not trusted where a line does not start', () => {
    const table = new Table(['MemFree'] as const, { separator: ':', unit: 'kB' });
    assert.deepEqual(read(table, 'XXMemFree: 1 kB\nMemFree: 2 kB\n'), [2]);
    // Now "MemFree" sits at offset 16; put it mid-line there.
    assert.deepEqual(read(table, 'A: 1 kB\nBBBBBBBMemFree: 5 kB\nMemFree: 3 kB\n'), [3]);
  });
});
