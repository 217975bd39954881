import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, procRootOf, withEnv } from '../../support/helpers.js';
import { assertValidMem, assertValidSwap } from '../../support/invariants.js';

/*
 * Android (process.platform === 'android') is Linux underneath: the Linux
 * backend serves it, reading test/fixtures/android/<case>/proc/.
 */

const names = fixtureCases('android', 'mem');

describe('Android proc trees give exactly the expected stats through the Linux backend', () => {
  it('has cases to check', () => assert.ok(names.length >= 2));
  for (const name of names) {
    it(name, () => {
      const got = withEnv({ SYSGRAB_PLATFORM: 'android', HOST_PROC: procRootOf(name, 'android') }, () => ({ mem: getMemStats(), swap: getSwapStats() }));
      assertValidMem(got.mem);
      assertValidSwap(got.swap);
      assert.deepEqual(plain(got), { mem: expectedJson('android', name, 'mem'), swap: expectedJson('android', name, 'swap') });
    });
    for (const { file, args } of expectedOutputs('android', name, 'freecolor')) {
      it(`${name}: freecolor ${args.join(' ')}`, () => {
        assert.equal(
          withEnv({ SYSGRAB_PLATFORM: 'android', HOST_PROC: procRootOf(name, 'android') }, () => freecolorText(args)),
          readFileSync(file, 'utf8'),
        );
      });
    }
  }
  it('the platform option is case-insensitive and the same backend answers', () => {
    const procRoot = procRootOf('rmx2061-6g-zram', 'android');
    assert.deepEqual(plain(getMemStats({ platform: 'Android', procRoot })), plain(getMemStats({ platform: 'linux', procRoot })));
  });
  it('bin/freecolor with SYSGRAB_PLATFORM=android prints the same (end to end)', () => {
    const name = 'rmx2061-6g-zram';
    for (const { file, args } of expectedOutputs('android', name, 'freecolor')) {
      const r = freecolor(args, { SYSGRAB_PLATFORM: 'android', HOST_PROC: procRootOf(name, 'android') });
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, readFileSync(file, 'utf8'), args.join(' '));
    }
  });
});
