import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, procRootOf, sysRootOf, withEnv } from '../../support/helpers.js';

/*
 * Every Linux case with an expected/mem.json: its proc/ tree must give
 * exactly the expected MemStats and SwapStats, through the option and
 * through HOST_PROC, and freecolor must print exactly each
 * expected/freecolor/*.txt.
 */

const names = fixtureCases('linux', 'mem');

/** HOST_PROC, and HOST_SYS for cases that have a sys/ tree (container-scope outputs read it). */
function envOf(name: string): Record<string, string> {
  const env: Record<string, string> = { HOST_PROC: procRootOf(name), SYSGRAB_PLATFORM: 'linux' };
  if (existsSync(sysRootOf(name))) env.HOST_SYS = sysRootOf(name);
  return env;
}

describe('Linux fixtures give exactly the expected stats', () => {
  it('has fixtures to check', () => assert.ok(names.length >= 5, `found ${names.length}`));
  for (const name of names) {
    const procRoot = procRootOf(name);
    const expected = { mem: expectedJson('linux', name, 'mem'), swap: expectedJson('linux', name, 'swap') };
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
    const outputs = expectedOutputs('linux', name, 'freecolor');
    it(`${name} has expected outputs`, () => assert.ok(outputs.length >= 1));
    for (const { file, args } of outputs) {
      it(`${name}: freecolor ${args.join(' ')}`, () => {
        const got = withEnv(envOf(name), () => freecolorText(args));
        assert.equal(got, readFileSync(file, 'utf8'));
      });
    }
  }
  it('the command itself prints the same (one end-to-end run per case)', () => {
    for (const name of names) {
      const [first] = expectedOutputs('linux', name, 'freecolor');
      const r = freecolor(first!.args, envOf(name));
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, readFileSync(first!.file, 'utf8'), name);
    }
  });
});
