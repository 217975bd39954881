import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';

/*
 * A newcomer without a C compiler: the suites that drive the ABI doubles
 * (built with cc) must report themselves skipped with the reason, not fail
 * by the hundred. CC names a compiler that does not exist, as on a machine
 * without one.
 */

const SUITES = [
  'backend/fault-matrix.test.js',
  'backend/freebsd/snapshots.test.js',
  'cli/bad-conditions.test.js',
  'cli/freecolor.test.js',
  'cli/no-spawn.test.js',
  'live/bench-smoke.test.js',
  'live/soak.test.js',
  'unit/property.test.js',
];

describe('npm test without a C compiler', () => {
  it('skips what needs one, says to install it, and fails nothing', { timeout: 300000 }, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CC: '/nonexistent/cc', FUZZ_RUNS: '20' };
    // A test runner inside a test: without this it reports to its parent, not to us.
    delete env.NODE_TEST_CONTEXT;
    const note = spawnSync(process.execPath, [join(ROOT, 'build', 'test', 'support', 'compiler-note.js')], { env, encoding: 'utf8' });
    assert.equal(note.status, 0);
    const lines = note.stdout.trim().split('\n');
    assert.equal(lines.length, 1, note.stdout);
    assert.match(lines[0]!, /no C compiler .*install one \(Debian: apt-get install gcc libc6-dev/);

    const files = SUITES.map((f) => join(ROOT, 'build', 'test', f));
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], { env, encoding: 'utf8', timeout: 280000 });
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(r.stdout)?.[1]);
    assert.equal(
      count('fail'),
      0,
      // Each failure with its YAML block (error, expected, actual), so a failure in CI says why.
      r.stdout
        .split('\n')
        .flatMap((l, i, all) => (/^\s*not ok/.test(l) ? all.slice(i, i + 16) : []))
        .join('\n'),
    );
    assert.equal(r.status, 0);
    assert.ok(count('skipped') >= 8, `${count('skipped')} skipped`);
    assert.ok(count('pass') > 0);
    assert.match(r.stdout, /# SKIP no C compiler/);
  });
});
