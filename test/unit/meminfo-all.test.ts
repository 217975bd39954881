import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meminfoFromBytes } from '../../src/linux/meminfo.js';
import { readEveryKey } from '../../src/linux/table.js';
import { expectStatError } from '../support/invariants.js';

/*
 * getMeminfo()'s parser: every key of the file, whatever the kernel prints.
 * Expected values are the documented format by hand: "Key: N kB" is N x 1024
 * bytes, a line without a unit (HugePages_*) is N.
 */

const parse = (text: string) => {
  const b = Buffer.from(text, 'latin1');
  return meminfoFromBytes(b, b.length, 'meminfo');
};

describe('getMeminfo parser', () => {
  it('keeps every key as written, kB lines in bytes, unit-less lines as counts', () => {
    assert.deepEqual(parse('MemTotal:       16 kB\nActive(anon):    3 kB\nHugePages_Total:     512\nHugepagesize:    2048 kB\nSomeFutureKey:  7 kB\n'), {
      MemTotal: 16384, // 16 x 1024
      'Active(anon)': 3072,
      HugePages_Total: 512,
      Hugepagesize: 2097152, // 2048 x 1024
      SomeFutureKey: 7168,
    });
  });
  it('skips blank lines (CentOS 6.2 kernels printed some) and takes CRLF and tabs', () => {
    assert.deepEqual(parse('\nMemTotal:\t1 kB\r\n\nMemFree: 0 kB'), { MemTotal: 1024, MemFree: 0 });
  });
  it('the first occurrence of a key wins', () => {
    assert.deepEqual(parse('MemTotal: 1 kB\nMemTotal: 2 kB\n'), { MemTotal: 1024 });
  });
  it('a __proto__ line is a key like any other, not a prototype change', () => {
    const m = parse('MemTotal: 1 kB\n__proto__: 2 kB\n');
    assert.equal(Object.getPrototypeOf(m), Object.prototype);
    assert.deepEqual(Object.keys(m), ['MemTotal', '__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, 2048);
  });
  it('a value past 2^53 bytes comes back as the nearest double, not an error', () => {
    // 2^50 kB = 2^60 bytes: a power of two, so exactly representable.
    assert.equal(parse(`MemTotal: 1 kB\nVmallocTotal: ${2 ** 50} kB\n`).VmallocTotal, 2 ** 60);
  });
  for (const [what, text, arg, why] of [
    ['a value that is text', 'MemTotal: 1 kB\nMemFree:        abc kB\n', 'MemFree', /MemFree is not a number/],
    ['trailing text', 'MemTotal: 1 kB\nMemFree: 1 kB x\n', 'MemFree', /trailing text/],
    ['a negative value', 'MemTotal: 1 kB\nMemFree: -1 kB\n', 'MemFree', /not a number/],
    ['a line without a key', 'MemTotal: 1 kB\njust words\n', 'meminfo', /line 2 has no "key:"/],
    ['a line that starts with the separator', ': 1 kB\n', 'meminfo', /line 1/],
    ['no MemTotal', 'MemFree: 1 kB\n', 'MemTotal', /MemTotal is missing/],
    ['an empty file', '', 'MemTotal', /MemTotal is missing/],
  ] as const) {
    it(`${what}: PARSE naming ${arg}`, () => {
      const e = expectStatError(() => parse(text), 'PARSE', arg);
      assert.match(e.message, why);
    });
  }
});

describe('readEveryKey', () => {
  it('reports each line with its unit, in file order', () => {
    const seen: [string, number, boolean][] = [];
    const b = Buffer.from('a: 1 kB\nb: 2\nc:3kB\n', 'latin1');
    readEveryKey(b, b.length, 't', ':', (k, v, kB) => seen.push([k, v, kB]));
    assert.deepEqual(seen, [
      ['a', 1, true],
      ['b', 2, false],
      ['c', 3, true],
    ]);
  });
  it('reads "key value" files too (vmstat, memory.stat)', () => {
    const seen: string[] = [];
    const b = Buffer.from('pgpgin 10\npgpgout 20\n', 'latin1');
    readEveryKey(b, b.length, 't', ' ', (k, v) => seen.push(`${k}=${v}`));
    assert.deepEqual(seen, ['pgpgin=10', 'pgpgout=20']);
  });
});
