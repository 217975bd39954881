import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMemStats, StatError } from '../../src/index.js';
import { freebsdLibc, freebsdLibkvm, reloadEnvironment, resolveOptions } from '../../src/options.js';
import { procRootOf, withEnv } from '../support/helpers.js';

describe('options and environment', () => {
  it('an option wins over its variable, which wins over the default', () => {
    withEnv({ HOST_PROC: '/from/env', HOST_SYS: undefined, SYSGRAB_LIBC: '/env/libc.so' }, () => {
      assert.equal(resolveOptions().procRoot, '/from/env');
      assert.equal(resolveOptions({ procRoot: '/from/option' }).procRoot, '/from/option');
      assert.equal(resolveOptions().sysRoot, '/sys');
      assert.equal(freebsdLibc(resolveOptions()), '/env/libc.so');
      assert.equal(freebsdLibc(resolveOptions({ freebsd: { libc: '/opt/libc.so' } })), '/opt/libc.so');
      assert.equal(freebsdLibkvm(resolveOptions()), 'libkvm.so.7');
    });
  });
  it('an empty variable counts as unset', () => {
    withEnv({ HOST_PROC: '', SYSGRAB_PLATFORM: '' }, () => {
      assert.equal(resolveOptions().procRoot, '/proc');
      assert.equal(resolveOptions().platform, process.platform);
    });
  });
  it('says what chose a path, for error messages', () => {
    withEnv({ HOST_PROC: '/x', HOST_SYS: undefined }, () => {
      assert.equal(resolveOptions().procOrigin, 'HOST_PROC=/x');
      assert.equal(resolveOptions({ procRoot: '/y' }).procOrigin, 'procRoot option "/y"');
      assert.equal(resolveOptions().sysOrigin, undefined);
    });
  });
  it('SYSGRAB_PLATFORM and the platform option are case-insensitive', () => {
    withEnv({ SYSGRAB_PLATFORM: 'Linux', HOST_PROC: procRootOf('tiny-embedded-64m') }, () => {
      assert.equal(resolveOptions().platform, 'linux');
      assert.ok(getMemStats().total > 0);
    });
    assert.equal(resolveOptions({ platform: 'FreeBSD' }).platform, 'freebsd');
  });
  it('the environment is read once, and again after reloadEnvironment()', () => {
    withEnv({ HOST_PROC: '/first' }, () => {
      assert.equal(resolveOptions().procRoot, '/first');
      process.env.HOST_PROC = '/second';
      assert.equal(resolveOptions().procRoot, '/first', 'kept until told');
      reloadEnvironment();
      assert.equal(resolveOptions().procRoot, '/second');
    });
  });
  it('a platform without a backend is UNSUPPORTED naming it', () => {
    assert.throws(
      () => getMemStats({ platform: 'plan9' }),
      (e: unknown) => e instanceof StatError && e.code === 'UNSUPPORTED' && e.arg === 'plan9' && /no backend for the "plan9" platform/.test(e.message),
    );
  });
  it('a StatError survives JSON.stringify with its code, arg, errno and message', () => {
    const e = new StatError('OPEN', '/proc/meminfo', 'cannot read /proc/meminfo: permission denied (EACCES)', 13);
    assert.deepEqual(JSON.parse(JSON.stringify({ error: e })).error, {
      name: 'StatError',
      code: 'OPEN',
      arg: '/proc/meminfo',
      errno: 13,
      errnoName: 'EACCES',
      message: 'cannot read /proc/meminfo: permission denied (EACCES)',
    });
  });
});
