import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getMemPressure, getMemStats, getSwapStats, StatError } from '../../src/index.js';
import { PLATFORM_FAULTS, type PlatformFault } from '../support/platform-faults.js';
import { openFdCount, plain, tempDir, withEnv } from '../support/helpers.js';
import { DRIVERS, platformEnv, shimLibrary, shimUnavailable } from '../support/shim.js';

/*
 * Runs every row of test/support/platform-faults.ts: the failure injected
 * into the macOS, Windows or OpenBSD double, the outcome asserted exactly
 * (code, arg, errno and its name, or the fallback's figures), the double's
 * call counts proving which calls ran, and no descriptor left open.
 */

const DOUBLE = { darwin: 'fakedarwin', win32: 'fakewin', openbsd: 'fakeopenbsd' } as const;
const LIB_VARIABLES = { darwin: ['SYSGRAB_LIBSYSTEM'], win32: ['SYSGRAB_KERNEL32', 'SYSGRAB_PSAPI'], openbsd: ['SYSGRAB_LIBC'] } as const;

type Koffi = typeof import('koffi', { with: { 'resolution-mode': 'require' }});
const counters = new Map<string, { calls: (key: string) => number; reset: () => void }>();

/** The call counters of the double loaded from `path` (a copy has its own). */
function countersOf(double: string, path: string) {
  let c = counters.get(path);
  if (!c) {
    const lib = (require('koffi') as Koffi).load(path);
    const calls = lib.func(`int ${double}_calls(const char *key)`);
    const reset = lib.func(`void ${double}_reset_calls(void)`);
    c = { calls: (key) => calls(key) as number, reset: () => reset() };
    counters.set(path, c);
  }
  return c;
}

function run(row: PlatformFault): { value?: unknown; error?: StatError } {
  try {
    const fn = row.call === 'mem' ? getMemStats : row.call === 'swap' ? getSwapStats : getMemPressure;
    return { value: plain(fn()) };
  } catch (err) {
    assert.ok(err instanceof StatError, `threw ${err}`);
    return { error: err };
  }
}

describe('fault matrix: native calls of the macOS, Windows and OpenBSD backends (through their doubles)', { skip: shimUnavailable() ?? false }, () => {
  const tmp = tempDir('sysgrab-platform-faults-');
  after(tmp.remove);
  before(() => {
    for (const d of Object.values(DOUBLE)) shimLibrary(d);
  });
  let copies = 0;
  it('has a row for every native call', () => {
    const targets = new Set(PLATFORM_FAULTS.map((r) => r.target.split(' ')[0]));
    for (const call of ['host_statistics64', 'host_page_size', 'mach_host_self', 'sysctlbyname', 'GlobalMemoryStatusEx', 'GetPerformanceInfo', 'EnumPageFilesW', 'sysctl', 'swapctl']) {
      assert.ok(targets.has(call), call);
    }
  });
  for (const row of PLATFORM_FAULTS) {
    for (const ffi of DRIVERS.filter((d) => (row.drivers ?? DRIVERS).includes(d))) {
      const o = row.outcome;
      it(`${row.os}, ${ffi}: get${row.call === 'mem' ? 'MemStats' : row.call === 'swap' ? 'SwapStats' : 'MemPressure'}, ${row.target}: ${row.inject || 'library'} → ${o.kind === 'error' ? o.code : 'value'}`, () => {
        const double = DOUBLE[row.os];
        let lib = shimLibrary(double);
        if (row.freshCopy) {
          const copy = join(tmp.dir, `lib${double}-${copies++}.so`);
          copyFileSync(lib, copy);
          lib = copy;
        }
        const env = platformEnv(row.os, row.fixture, ffi, { [`FAKE${row.os === 'win32' ? 'WIN' : row.os.toUpperCase()}_FAULTS`]: row.inject });
        for (const v of LIB_VARIABLES[row.os]) env[v] = lib;
        Object.assign(env, row.libs ?? {});
        const c = countersOf(double, lib);
        const fds = openFdCount();
        c.reset();
        const got = withEnv(env, () => run(row));
        if (o.kind === 'error') {
          assert.ok(got.error, `expected a StatError, got ${JSON.stringify(got.value)}`);
          assert.equal(got.error.code, o.code);
          assert.equal(got.error.arg, o.arg === '<lib>' ? lib : o.arg);
          assert.equal(got.error.errno, o.errno);
          if (o.errnoName !== undefined) assert.equal(got.error.errnoName, o.errnoName);
          assert.ok(got.error.message.length > 20 && !/undefined|NaN/.test(got.error.message), got.error.message);
        } else {
          assert.ok(!got.error, got.error?.message);
          assert.deepEqual(got.value, o.value);
        }
        for (const [key, n] of Object.entries(row.calls)) assert.equal(c.calls(key), n, `${double} calls of ${key}`);
        assert.equal(openFdCount(), fds, 'descriptors left open');
      });
    }
  }
});
