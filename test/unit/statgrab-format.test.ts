import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { atoi, parseStatgrabArgs, StatgrabUsage } from '../../src/cli/statgrab/args.js';
import { formatValue, printfF, printfScaled, scaleBytes } from '../../src/cli/statgrab/format.js';
import { sortStats, type StatItem, statName } from '../../src/cli/statgrab/keys.js';
import { PROVIDERS } from '../../src/cli/statgrab/providers/index.js';
import { render } from '../../src/cli/statgrab/render.js';
import { interesting, selectStats } from '../../src/cli/statgrab/select.js';
import { existsSync } from 'node:fs';

/*
 * statgrab's formatting and selection as pure functions. Expected values are
 * glibc's printf (hand-checked ties below; a batch of random doubles checked
 * against coreutils printf, which reads hexadecimal floats exactly) and
 * statgrab.c's rules (notes in the fixture READMEs).
 */

describe('printf %f as glibc prints it', () => {
  it('rounds exact ties to even, where toFixed rounds up', () => {
    // 0.0078125 = 16/2048 and 0.0390625 = 80/2048 are exact ties at 6 decimals: the even neighbour wins.
    assert.equal(printfF(0.0078125), '0.007812');
    assert.equal(printfF(0.0234375), '0.023438');
    assert.equal(printfF(0.0390625), '0.039062');
    assert.equal((0.0078125).toFixed(6), '0.007813', 'toFixed is not glibc');
  });
  it('rounds the exact binary value, not the decimal it was written as', () => {
    assert.equal(printfF(0.0000005), '0.000000'); // stored as 4.99999999999999977e-7
    assert.equal(printfF(1.0000005), '1.000001'); // stored as 1.00000050000000006989
    assert.equal(printfF(0.1), '0.100000');
    assert.equal(printfF(99.97399066012893), '99.973991');
  });
  it('large, zero, negative, subnormal, and the other precisions', () => {
    assert.equal(printfF(0), '0.000000');
    assert.equal(printfF(-0), '-0.000000');
    assert.equal(printfF(-2.5), '-2.500000');
    assert.equal(printfF(1e21), '1000000000000000000000.000000');
    assert.equal(printfF(5e-324), '0.000000');
    assert.equal(printfF(2.5, 0), '2');
    assert.equal(printfF(3.5, 0), '4');
    assert.equal(printfF(Number.POSITIVE_INFINITY), 'inf');
  });
  it('agrees with coreutils printf on 500 random doubles', { skip: existsSync('/usr/bin/printf') ? false : 'no coreutils printf at /usr/bin/printf' }, () => {
    const values: number[] = [];
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) values.push((rand() - 0.2) * 10 ** Math.floor(rand() * 12 - 6));
    values.push(0.0078125, 0.5, 1.5, 2.5e-7, 1234567.0000005);
    const hex = values.map((v) => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(v);
      const bits = b.readBigUInt64BE();
      const sign = bits >> 63n ? '-' : '';
      const exp = Number((bits >> 52n) & 0x7ffn);
      const mant = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0');
      return exp === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${exp - 1023}`;
    });
    const r = spawnSync('/usr/bin/printf', ['%f\\n', ...hex], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      values.map((v) => printfF(v)),
      r.stdout.trimEnd().split('\n'),
    );
  });
});

describe('statgrab value formats', () => {
  it('-f: (long)(factor * v), truncated toward zero', () => {
    assert.equal(printfScaled(1000, 99.95290029), '99952');
    assert.equal(printfScaled(100, -1.239), '-123');
    assert.equal(printfScaled(1e30, 1e10), '9223372036854775807');
  });
  it('-K/-M/-G: v >> (s-1), +1, >> 1, which rounds half up', () => {
    assert.equal(scaleBytes(1536, 10), 2);
    assert.equal(scaleBytes(1535, 10), 1);
    assert.equal(scaleBytes(0, 10), 0);
    assert.equal(scaleBytes(4294959104, 30), 4);
    assert.equal(scaleBytes(4294959104, 20), 4096);
    assert.equal(scaleBytes(2 ** 53, 10), 2 ** 43);
  });
  it('formats each type as statgrab.c does', () => {
    assert.equal(formatValue('ull', 8988684252, 0, 0), '8988684252');
    assert.equal(formatValue('bytes', 8232103936, 0, 10), '8039164');
    assert.equal(formatValue('double', 0.21, 0, 0), '0.210000');
    assert.equal(formatValue('double', 0.21, 100, 0), '21');
    assert.equal(formatValue('bool', true, 0, 0), 'true');
    assert.equal(formatValue('string', '', 0, 0), '');
  });
});

describe('statgrab names, order and selection', () => {
  const item = (name: string): StatItem => ({ name, type: 'int', value: 0 });
  it('turns spaces and dots inside a part into _, keeps /', () => {
    assert.equal(statName('user', 'pts/0', 'tty'), 'user.pts/0.tty');
    assert.equal(statName('net', 'eth0.100', 'rx'), 'net.eth0_100.rx');
    assert.equal(statName('fs', 'my disk', 'size'), 'fs.my_disk.size');
    assert.equal(statName('user', '', 'tty'), 'user..tty');
  });
  it('sorts bytewise and keeps equal names in their order', () => {
    const a = { name: 'user.pts/1.tty', type: 'string' as const, value: 'a' };
    const b = { name: 'user.pts/1.tty', type: 'string' as const, value: 'b' };
    const sorted = sortStats([item('user.num'), b, item('user.:0.tty'), item('cpu.user'), a, item('Z')]);
    assert.deepEqual(
      sorted.map((i) => i.name),
      ['Z', 'cpu.user', 'user.:0.tty', 'user.num', 'user.pts/1.tty', 'user.pts/1.tty'],
    );
    assert.deepEqual(
      sorted.slice(4).map((i) => i.value),
      ['b', 'a'],
    );
  });
  it('reads the toplevels an argument begins with', () => {
    const tops = (args: string[]) => interesting(args, PROVIDERS).map((p) => p.toplevel);
    assert.deepEqual(tops(['cpu.user', 'general.']), ['cpu.', 'general.']);
    assert.deepEqual(tops(['cpu']), []);
    assert.equal(tops([]).length, PROVIDERS.length);
  });
  it('prints argument by argument: prefixes, exact names, repeats, unknowns', () => {
    const items = sortStats([item('cpu.user'), item('cpu.idle'), item('cpuz'), item('mem.total')]);
    const emits = selectStats(items, ['mem.total', 'cpu.', 'nope', 'cpu.user', 'cpu']);
    assert.deepEqual(
      emits.map((e) => ('item' in e ? e.item.name : `?${e.unknown}`)),
      ['mem.total', 'cpu.idle', 'cpu.user', '?nope', 'cpu.user', '?cpu'],
    );
  });
  it('renders every display mode', () => {
    const items: StatItem[] = [
      { name: 'load.min1', type: 'double', value: 0.5 },
      { name: 'user.names', type: 'string', value: '' },
    ];
    const emits = selectStats(items, []);
    const o = { graphitePrefix: undefined, floatFactor: 0, bytesShift: 0 };
    assert.equal(render(emits, { ...o, display: 'linux' }, 7).stdout, 'load.min1 = 0.500000\nuser.names = \n');
    assert.equal(render(emits, { ...o, display: 'bsd' }, 7).stdout, 'load.min1: 0.500000\nuser.names: \n');
    assert.equal(render(emits, { ...o, display: 'plain' }, 7).stdout, '0.500000\n\n');
    assert.equal(render(emits.slice(0, 1), { ...o, display: 'graphite', graphitePrefix: 'h' }, 7).stdout, 'h.load.min1 0.500000 7\n');
    assert.equal(render(emits, { ...o, display: 'json' }, 7).stdout, '{"load.min1":0.5,"user.names":""}\n');
    assert.equal(render([{ unknown: 'x' }], { ...o, display: 'linux' }, 7).stderr, 'Unknown stat x\n');
  });
});

describe('statgrab arguments, as getopt reads them', () => {
  it('reads atoi as C does', () => {
    assert.equal(atoi('5s'), 5);
    assert.equal(atoi(' -3'), -3);
    assert.equal(atoi('abc'), 0);
  });
  it('last display and repeat win; values attached or next; clusters', () => {
    const c = parseStatgrabArgs(['-bu', 'cpu.', '-sR', 'pfx', '-t5', '-o', '-f', '100', '-KG', 'mem.']);
    assert.equal(c.display, 'graphite');
    assert.equal(c.graphitePrefix, 'pfx');
    assert.equal(c.repeat, 'once');
    assert.equal(c.delay, 5);
    assert.equal(c.floatFactor, 100);
    assert.equal(c.bytesShift, 30);
    assert.deepEqual(c.stats, ['cpu.', 'mem.']);
  });
  it('a negative delay waits 0; -- ends options; - alone is a STAT', () => {
    assert.equal(parseStatgrabArgs(['-t', '-4']).delay, 0);
    assert.deepEqual(parseStatgrabArgs(['--', '-u', 'x']).stats, ['-u', 'x']);
    assert.deepEqual(parseStatgrabArgs(['-']).stats, ['-']);
  });
  it('rejects unknown options and missing values', () => {
    for (const a of [['-x'], ['-t'], ['-bR'], ['--nope'], ['--count'], ['--count=0']]) assert.throws(() => parseStatgrabArgs(a), StatgrabUsage, a.join(' '));
  });
});
