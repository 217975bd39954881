import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getCpuStats, getHostInfo, getLoadStats, getPageStats, getProcessCount, getProcessStats, getUserStats, type StatOptions } from '../../../src/index.js';
import { caseDir, expectedJson, fixtureCases, procRootOf, sysRootOf, tempDir } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';
import { closeTo } from '../../support/statgrab.js';

/*
 * The Linux getters of issue 12 on every /proc tree with expected/cpu.json:
 * exactly the values each case's README computes by hand (doubles within a
 * relative 1e-9: the README's arithmetic may round in another order).
 */

const names = fixtureCases('linux', 'cpu');
const options = (name: string): StatOptions => ({ platform: 'linux', procRoot: procRootOf(name), sysRoot: sysRootOf(name), utmp: join(caseDir('linux', name), 'utmp') });

describe('Linux getters on every fixture give the hand-computed values', () => {
  it('has the four cases', () => assert.ok(names.length >= 4));
  for (const name of names) {
    it(name, () => {
      const o = options(name);
      const host = getHostInfo(o);
      // osRelease, osVersion, platform, hostname are the running kernel's (os.*).
      closeTo({ ...host, osRelease: undefined, osVersion: undefined, platform: undefined, hostname: undefined }, expectedJson('linux', name, 'host'), 'host');
      closeTo({ ...getCpuStats(o), systime: undefined }, expectedJson('linux', name, 'cpu'), 'cpu');
      closeTo(getLoadStats(o), expectedJson('linux', name, 'load'), 'load');
      closeTo({ ...getPageStats(o), systime: undefined }, expectedJson('linux', name, 'page'), 'page');
      closeTo(getProcessStats(o), expectedJson('linux', name, 'process'), 'process');
      assert.deepEqual(getProcessCount(o), expectedJson('linux', name, 'process-count'));
      assert.deepEqual(getUserStats(o), expectedJson('linux', name, 'user'));
    });
  }
});

describe('Linux getters on bad or missing input', () => {
  it('no utmp file: nobody logged in; an unreadable one is an OPEN error naming the option', () => {
    assert.deepEqual(getUserStats({ platform: 'linux', utmp: '/nonexistent/utmp' }), []);
    expectStatError(() => getUserStats({ platform: 'linux', utmp: '/' }), 'OPEN', '/', 21);
  });
  it('a missing /proc file is OPEN, a malformed one PARSE, each naming the file, and the next call works', () => {
    const t = tempDir();
    try {
      expectStatError(() => getCpuStats({ platform: 'linux', procRoot: t.dir }), 'OPEN', `${t.dir}/stat`, 2);
      writeFileSync(`${t.dir}/stat`, 'cpu 1 2\n');
      expectStatError(() => getCpuStats({ platform: 'linux', procRoot: t.dir }), 'PARSE', `${t.dir}/stat`);
      writeFileSync(`${t.dir}/vmstat`, 'pgpgout 1\n');
      expectStatError(() => getPageStats({ platform: 'linux', procRoot: t.dir }), 'PARSE', `${t.dir}/vmstat`);
      assert.equal(getCpuStats(options(names[0]!)).perCpu.length > 0, true);
    } finally {
      t.remove();
    }
  });
  it('a process that vanished between the listing and its files is left out', () => {
    const t = tempDir();
    try {
      const src = procRootOf('rhel4-8cpu');
      for (const f of ['stat', 'uptime']) copyFileSync(join(src, f), join(t.dir, f));
      cpSync(join(src, '1'), join(t.dir, '1'), { recursive: true });
      mkdirSync(join(t.dir, '999')); // listed, but its files are gone
      assert.deepEqual(
        getProcessStats({ platform: 'linux', procRoot: t.dir }).map((p) => p.pid),
        [1],
      );
      assert.equal(getProcessCount({ platform: 'linux', procRoot: t.dir }).total, 1);
    } finally {
      t.remove();
    }
  });
});
