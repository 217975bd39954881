import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMemStats, StatError } from '../../src/index.js';

describe('StatError in JSON (logs, -j pipelines, structured loggers)', () => {
  it('JSON.stringify keeps name, code, arg, errno, errnoName and the message', () => {
    let err: unknown;
    try {
      getMemStats({ platform: 'linux', procRoot: '/nonexistent-sysgrab-root' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof StatError);
    assert.deepEqual(JSON.parse(JSON.stringify(err)), {
      name: 'StatError',
      code: 'OPEN',
      arg: '/nonexistent-sysgrab-root/meminfo',
      errno: 2,
      errnoName: 'ENOENT',
      message: 'procRoot option "/nonexistent-sysgrab-root": cannot read /nonexistent-sysgrab-root/meminfo: no such file or directory (ENOENT)',
    });
  });
  it('an error without errno leaves errno and errnoName out', () => {
    const json = JSON.parse(JSON.stringify(new StatError('PARSE', 'MemTotal', 'cannot parse x: MemTotal is missing')));
    assert.deepEqual(json, { name: 'StatError', code: 'PARSE', arg: 'MemTotal', message: 'cannot parse x: MemTotal is missing' });
  });
});
