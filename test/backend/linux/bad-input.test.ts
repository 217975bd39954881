import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolor, procRootOf, tempDir, withEnv } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';

const tmp = tempDir();
after(tmp.remove);
let n = 0;

/** A procRoot whose meminfo holds `meminfo` (and a copy of a good swaps file). */
function procWith(meminfo: string | null, swaps: string | null = null): string {
  const root = join(tmp.dir, `proc${n++}`);
  mkdirSync(root);
  if (meminfo !== null) writeFileSync(join(root, 'meminfo'), meminfo);
  if (swaps !== null) writeFileSync(join(root, 'swaps'), swaps);
  else copyFileSync(join(procRootOf('tiny-embedded-64m'), 'swaps'), join(root, 'swaps'));
  return root;
}

const GOOD = 'MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 50 kB\nSwapTotal: 10 kB\nSwapFree: 5 kB\n';

describe('bad /proc input gives the documented StatError', () => {
  it('an empty meminfo: PARSE naming MemTotal', () => {
    const e = expectStatError(() => getMemStats({ procRoot: procWith(''), platform: 'linux' }), 'PARSE', 'MemTotal');
    assert.match(e.message, /MemTotal is missing/);
  });
  for (const key of ['MemTotal', 'MemFree', 'Cached']) {
    it(`meminfo without ${key}: PARSE naming it`, () => {
      const text = GOOD.split('\n')
        .filter((l) => !l.startsWith(`${key}:`))
        .join('\n');
      expectStatError(() => getMemStats({ procRoot: procWith(text), platform: 'linux' }), 'PARSE', key);
    });
  }
  for (const key of ['SwapTotal', 'SwapFree']) {
    it(`meminfo without ${key}: getSwapStats gives PARSE naming it, getMemStats still works`, () => {
      const root = procWith(
        GOOD.split('\n')
          .filter((l) => !l.startsWith(`${key}:`))
          .join('\n'),
      );
      expectStatError(() => getSwapStats({ procRoot: root, platform: 'linux' }), 'PARSE', key);
      assert.equal(getMemStats({ procRoot: root, platform: 'linux' }).total, 1000 * 1024);
    });
  }
  for (const [what, value] of [
    ['garbage', 'lots kB'],
    ['a negative number', '-5 kB'],
    ['a number with junk after it', '12x kB'],
    ['no unit', '1000'],
    ['an empty value', ''],
    ['a value past 8 PiB', '9223372036854775807 kB'],
  ]) {
    it(`MemFree holding ${what}: PARSE naming MemFree`, () => {
      const e = expectStatError(() => getMemStats({ procRoot: procWith(GOOD.replace('MemFree: 100 kB', `MemFree: ${value}`)), platform: 'linux' }), 'PARSE', 'MemFree');
      assert.match(e.message, /MemFree/);
    });
  }
  it('a directory instead of meminfo: OPEN with EISDIR', () => {
    const root = procWith(null);
    mkdirSync(join(root, 'meminfo'));
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'OPEN', join(root, 'meminfo'), 21);
    assert.equal(e.errnoName, 'EISDIR');
    assert.match(e.message, /^procRoot option ".*": cannot read .*meminfo: it is a directory/);
  });
  it('a missing procRoot: OPEN with ENOENT', () => {
    const root = join(tmp.dir, 'does-not-exist');
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'OPEN', join(root, 'meminfo'), 2);
    assert.equal(e.message, `procRoot option "${root}": cannot read ${root}/meminfo: no such file or directory (ENOENT)`);
  });
  it('the variable that chose a bad path is named first', () => {
    const root = join(tmp.dir, 'not-here');
    const e = withEnv({ HOST_PROC: root, SYSGRAB_PLATFORM: 'linux' }, () => expectStatError(() => getMemStats(), 'OPEN', join(root, 'meminfo'), 2));
    assert.equal(e.message, `HOST_PROC=${root}: cannot read ${root}/meminfo: no such file or directory (ENOENT)`);
  });
  it('a FIFO as meminfo is refused at once, not waited on', { timeout: 10000 }, () => {
    const root = procWith(null);
    assert.equal(spawnSync('mkfifo', [join(root, 'meminfo')]).status, 0);
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'OPEN', join(root, 'meminfo'));
    assert.match(e.message, /it is a FIFO, not a file/);
  });
  it('meminfo linked to /dev/zero is refused, and the next call on the real /proc works', () => {
    const root = procWith(null);
    symlinkSync('/dev/zero', join(root, 'meminfo'));
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'OPEN', join(root, 'meminfo'));
    assert.match(e.message, /it is a character device, not a file/);
    assert.ok(getMemStats({ platform: 'linux', procRoot: '/proc' }).total > 0);
  });
  it('a meminfo larger than 1 MiB is a PARSE error naming it, and leaves nothing behind', () => {
    const big = `MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 50 kB\n${'Padding: 0 kB\n'.repeat(100_000)}`;
    assert.ok(big.length > 1024 * 1024);
    const root = procWith(big);
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'PARSE', join(root, 'meminfo'));
    assert.match(e.message, /larger than 1 MiB/);
    assert.ok(getMemStats({ platform: 'linux', procRoot: '/proc' }).total > 0);
    assert.equal(getMemStats({ procRoot: procWith(GOOD), platform: 'linux' }).total, 1000 * 1024);
  });
  it('an unreadable meminfo: OPEN with EACCES', (t) => {
    if (process.getuid?.() === 0) {
      t.skip('running as root, which reads any file: a permission error cannot be produced with chmod');
      return;
    }
    const root = procWith(GOOD);
    chmodSync(join(root, 'meminfo'), 0);
    const e = expectStatError(() => getMemStats({ procRoot: root, platform: 'linux' }), 'OPEN', join(root, 'meminfo'), 13);
    assert.match(e.message, /permission denied \(EACCES\)/);
  });
  it('a missing swaps file: totals with devices undefined', () => {
    const root = procWith(GOOD);
    const { rmSync } = require('node:fs') as typeof import('node:fs');
    rmSync(join(root, 'swaps'));
    assert.deepEqual(getSwapStats({ procRoot: root, platform: 'linux' }), { total: 10240, used: 5120, free: 5120, devices: undefined });
  });
  it('a malformed swaps line: totals with devices undefined, as for a missing file', () => {
    // One bad line must not cost the totals (from meminfo) nor every freecolor mode.
    for (const swaps of ['Filename Type Size Used Priority\n/dev/sda2 partition many 0 -2\n', 'Filename Type Size Used Priority\n/dev/sda2 partition 1024\n']) {
      const root = procWith(GOOD, swaps);
      assert.deepEqual(getSwapStats({ procRoot: root, platform: 'linux' }), { total: 10240, used: 5120, free: 5120, devices: undefined });
    }
  });
  it('an unknown platform: UNSUPPORTED', () => {
    expectStatError(() => getMemStats({ platform: 'plan9' }), 'UNSUPPORTED', 'plan9');
  });
  it('freecolor reports a bad meminfo in one line and exits 1', () => {
    const r = freecolor([], { HOST_PROC: procWith('MemTotal: 12 kB\n'), SYSGRAB_PLATFORM: 'linux' });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^freecolor: cannot parse .*meminfo: MemFree is missing\n$/);
  });
  it('freecolor with HOST_PROC pointing nowhere exits 1 with one line, no stack trace', () => {
    const r = freecolor(['-o'], { HOST_PROC: join(tmp.dir, 'nowhere'), SYSGRAB_PLATFORM: 'linux' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.split('\n').length, 2);
    assert.match(r.stderr, /^freecolor: HOST_PROC=.*nowhere: cannot read .*nowhere\/meminfo: no such file or directory \(ENOENT\)\n$/);
  });
});
