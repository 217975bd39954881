import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../src/index.js';
import { expectedOutputs, freecolor, LINUX_FIXTURES, linuxFixtureNames, plain, readJson, withEnv } from './helpers.js';

const names = linuxFixtureNames();

describe('Linux fixtures give exactly the expected stats', () => {
  it('has fixtures to check', () => assert.ok(names.length >= 4, `found ${names.length}`));
  for (const name of names) {
    const procRoot = join(LINUX_FIXTURES, name);
    const expected = readJson(join(LINUX_FIXTURES, 'expected', `${name}.json`));
    it(`${name} via the procRoot option`, () => {
      assert.deepEqual(plain({ mem: getMemStats({ procRoot, platform: 'linux' }), swap: getSwapStats({ procRoot, platform: 'linux' }) }), expected);
    });
    it(`${name} via HOST_PROC`, () => {
      const got = withEnv({ HOST_PROC: procRoot, SYSGRAB_PLATFORM: 'linux' }, () => ({ mem: getMemStats(), swap: getSwapStats() }));
      assert.deepEqual(plain(got), expected);
    });
  }
});

describe('freecolor prints exactly the expected outputs for Linux fixtures', () => {
  for (const name of names) {
    const outputs = expectedOutputs(LINUX_FIXTURES, name);
    it(`${name} has expected outputs`, () => assert.ok(outputs.length >= 1));
    for (const { file, flags } of outputs) {
      it(`${name}: freecolor ${flags.join(' ')}`, () => {
        const want = readFileSync(file, 'utf8');
        const r = freecolor(flags, { HOST_PROC: join(LINUX_FIXTURES, name), SYSGRAB_PLATFORM: 'linux' });
        assert.equal(r.stderr, '');
        assert.equal(r.status, 0);
        assert.equal(r.stdout, want);
      });
    }
  }
});
