import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';

function node(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
}

const fixture = JSON.stringify({ platform: 'linux', procRoot: join(ROOT, 'test', 'fixtures', 'linux', 'tiny-embedded-64m', 'proc') });

describe('the package', () => {
  it('works with require()', () => {
    const r = node(['-e', `const s = require('sysgrab'); const m = s.getMemStats(${fixture}); if (!(m.total > 0) || typeof s.StatError !== 'function') process.exit(3)`]);
    assert.equal(r.status, 0, r.stderr);
  });
  it('works with import', () => {
    const r = node([
      '--input-type=module',
      '-e',
      `import { getMemStats, getSwapStats, StatError } from 'sysgrab'; const o = ${fixture}; if (!(getMemStats(o).total > 0) || !getSwapStats(o) || !StatError) process.exit(3)`,
    ]);
    assert.equal(r.status, 0, r.stderr);
  });
  it('ships declaration files and the freecolor launcher', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.engines.node, '>=20');
    assert.equal(pkg.bin.freecolor, 'bin/freecolor');
    assert.ok(statSync(join(ROOT, pkg.types)).isFile());
    assert.ok(statSync(join(ROOT, 'bin', 'freecolor')).mode & 0o111, 'bin/freecolor is executable');
  });
  it('importing sysgrab on Linux loads no FFI package', () => {
    const r = node([
      '-e',
      `require('sysgrab').getMemStats(${fixture}); const loaded = Object.keys(require.cache).filter(k => /node_modules[\\\\/](koffi|ffi-rs|@koromix|@yuuang)/.test(k)); console.log(JSON.stringify(loaded))`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});
