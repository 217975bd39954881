import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';
import { shimUnavailable } from '../support/shim.js';

// The benchmark is not part of npm test (timings have no place here), but
// its script must not rot: run it in --quick mode and check it reports
// every row with a ratio. No figure is asserted.
describe('npm run bench (smoke, --quick, nothing written without --write)', { skip: process.platform === 'linux' ? (shimUnavailable() ?? false) : 'the benchmark reads Linux /proc' }, () => {
  it('prints every row with a ratio', () => {
    const results = readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8');
    const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'build', 'bench', 'run.js'), '--quick'], { encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 0, r.stderr);
    for (const what of [
      'getMemStats() per call',
      'getSwapStats() per call',
      'freecolor, whole process',
      'freecolor -a, whole process',
      'FreeBSD getMemStats() through koffi on the shim',
      'FreeBSD getMemStats(): ffi-rs vs koffi',
      'macOS getMemStats() through koffi on the double',
      'Windows getSwapStats() through koffi (EnumPageFilesW callback)',
      'OpenBSD getMemStats() through koffi on the double',
      'memory: 20,000 getMemStats() calls',
    ]) {
      assert.match(r.stdout, new RegExp(`\\| ${what.replace(/[().]/g, '\\$&')} +\\|`), what);
    }
    const ratios = [...r.stdout.matchAll(/\| (\d+\.\d\d)× +\|/g)].map((m) => Number(m[1]));
    assert.ok(ratios.length >= 9, `${ratios.length} ratios`);
    assert.ok(ratios.every((x) => Number.isFinite(x) && x > 0));
    assert.doesNotMatch(r.stdout, /written to/);
    assert.equal(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8'), results, 'bench/results.json untouched without --write');
  });
});
