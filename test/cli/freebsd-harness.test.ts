import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/helpers.js';

// What Linux CI can check of the FreeBSD VM harness.
describe('the FreeBSD VM harness', () => {
  const hasRuby = spawnSync('sh', ['-c', 'command -v ruby']).status === 0;
  it('the Vagrantfile is valid Ruby', { skip: hasRuby ? false : 'ruby is not installed (.ci/run installs it)' }, () => {
    const r = spawnSync('ruby', ['-c', join(ROOT, 'test', 'freebsd', 'Vagrantfile')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Syntax OK/);
  });
  it('the live FreeBSD tests run here and report themselves skipped, with the reason', { skip: process.platform === 'freebsd' ? 'this is FreeBSD: they run for real' : false }, () => {
    // Without NODE_TEST_CONTEXT, which would make the child talk to this runner instead of printing TAP.
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', join(ROOT, 'build', 'test', 'live', 'freebsd.test.js')], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.match(/# SKIP live FreeBSD checks run on FreeBSD only/g)?.length, 5);
    assert.match(r.stdout, /^# pass 0$/m);
    assert.match(r.stdout, /^# skipped 5$/m);
  });
  it('npm run test:freebsd fails clearly, at once, when Vagrant is missing', () => {
    const bin = mkdtempSync(join(tmpdir(), 'no-vagrant-'));
    try {
      for (const tool of ['sh', 'dirname', 'timeout', 'grep']) {
        const where = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        if (where) symlinkSync(where, join(bin, tool));
      }
      const r = spawnSync(join(bin, 'sh'), [join(ROOT, 'test', 'freebsd', 'run.sh')], { env: { PATH: bin }, encoding: 'utf8', timeout: 10000 });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^test:freebsd: Vagrant is not installed/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
  it('npm run test:freebsd fails clearly when a box is missing', () => {
    const bin = mkdtempSync(join(tmpdir(), 'fake-vagrant-'));
    try {
      const { writeFileSync, chmodSync } = require('node:fs') as typeof import('node:fs');
      // A Vagrant that knows only the FreeBSD 14 box.
      writeFileSync(join(bin, 'vagrant'), '#!/bin/sh\n[ "$1 $2" = "box list" ] && echo "generic/freebsd14 (libvirt, 4.3.12, (amd64))" && exit 0\nexit 1\n');
      chmodSync(join(bin, 'vagrant'), 0o755);
      const r = spawnSync('sh', [join(ROOT, 'test', 'freebsd', 'run.sh')], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8', timeout: 10000 });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /the box generic\/freebsd13 is missing: vagrant box add generic\/freebsd13/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
