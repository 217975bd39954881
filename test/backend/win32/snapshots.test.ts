import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { before, describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../../src/index.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, tempDir, withEnv } from '../../support/helpers.js';
import { assertValidMem, assertValidSwap, expectStatError } from '../../support/invariants.js';
import { DRIVERS, doubleCalls, platformEnv, resetDoubleCalls, shimLibrary, shimUnavailable } from '../../support/shim.js';

/*
 * The real Windows code path (GlobalMemoryStatusEx and GetLastError from
 * kernel32, GetPerformanceInfo and EnumPageFilesW from psapi, WINAPI
 * declarations) against native-shims/fakewin/, which checks dwLength and cb
 * as Windows does and serves test/fixtures/win32/<case>/snapshot.win.
 * EnumPageFilesW calls back into JavaScript for every page file: koffi
 * answers; ffi-rs cannot, and says so.
 */

setFlagsFromString('--expose-gc'); // for runInNewContext('gc')
const names = fixtureCases('win32', 'mem');
const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary('fakewin');
});

const env = (name: string, ffi: (typeof DRIVERS)[number] = 'koffi', extra: Record<string, string> = {}) => platformEnv('win32', name, ffi, extra);
const calls = (key: string) => doubleCalls('fakewin', key);

describe('Windows snapshots give exactly the expected stats', { skip }, () => {
  it('has snapshots to check', () => assert.ok(names.length >= 3));
  for (const name of names) {
    it(`${name} through koffi`, () => {
      const got = withEnv(env(name), () => ({ mem: getMemStats(), swap: getSwapStats() }));
      assertValidMem(got.mem);
      assertValidSwap(got.swap);
      assert.deepEqual(plain(got), { mem: expectedJson('win32', name, 'mem'), swap: expectedJson('win32', name, 'swap') });
    });
    if (DRIVERS.includes('ffi-rs')) {
      it(`${name} through ffi-rs: memory as koffi; swap is LIBRARY, saying why`, () => {
        withEnv(env(name, 'ffi-rs'), () => {
          assert.deepEqual(plain(getMemStats()), expectedJson('win32', name, 'mem'));
          resetDoubleCalls('fakewin');
          const e = expectStatError(() => getSwapStats(), 'LIBRARY', shimLibrary('fakewin'));
          assert.match(e.message, /^EnumPageFilesW\(\) calls back into JavaScript for an answer, and ffi-rs cannot return a value from a callback to C .*use the koffi driver/);
          assert.equal(calls('EnumPageFilesW'), 0, 'refused before any call');
        });
      });
    }
  }
  it('EnumPageFilesW through koffi keeps RSS flat over 150 000 calls (each callback copies its struct and frees it)', () => {
    // koffi.view's external ArrayBuffers were never given back: 0.3 KB a call.
    withEnv(env('exchange-128g-two-pagefiles'), () => {
      const calls = (n: number) => {
        for (let i = 0; i < n; i++) getSwapStats();
      };
      const gc = runInNewContext('gc') as () => void;
      calls(20_000);
      gc();
      const before = process.memoryUsage().rss;
      calls(150_000);
      gc();
      const grew = (process.memoryUsage().rss - before) / 2 ** 20;
      assert.ok(grew < 12, `RSS grew ${grew.toFixed(1)} MB`);
    });
  });
  it("each page file is one callback; the kernel's \\??\\ prefix is dropped, a plain name kept", () => {
    withEnv(env('exchange-128g-two-pagefiles'), () => {
      resetDoubleCalls('fakewin');
      const swap = getSwapStats();
      assert.equal(calls('EnumPageFilesW'), 1);
      assert.equal(calls('EnumPageFilesW:callback'), 2);
      assert.equal(calls('EnumPageFilesW:stopped'), 0, 'every callback answered TRUE');
      assert.deepEqual(
        swap.devices?.map((d) => d.name),
        ['C:\\pagefile.sys', 'D:\\pagefile.sys'],
      );
    });
    assert.equal(
      withEnv(env('desktop-32g-4864m-pagefile'), () => getSwapStats().devices?.[0]?.name),
      'C:\\pagefile.sys',
    );
  });
  it('no page file: no callback, swap all 0 with devices []', () => {
    withEnv(env('vm-8g-no-pagefile'), () => {
      resetDoubleCalls('fakewin');
      assert.deepEqual(plain(getSwapStats()), { total: 0, used: 0, free: 0, devices: [] });
      assert.equal(calls('EnumPageFilesW'), 1);
      assert.equal(calls('EnumPageFilesW:callback'), 0);
    });
  });
  it('a page file name beyond ASCII comes through UTF-16 intact', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'snapshot.win');
      writeFileSync(file, 'PageSize: 4096\nPhysicalTotal: 1000\nPhysicalAvailable: 500\npagefile: \\??\\E:\\Швап\\pagefile.sys 256 16 32\n');
      assert.equal(
        withEnv(env(file), () => getSwapStats().devices?.[0]?.name),
        'E:\\Швап\\pagefile.sys',
      );
    } finally {
      tmp.remove();
    }
  });
  it('the win32 options group wins over SYSGRAB_KERNEL32 and SYSGRAB_PSAPI', () => {
    const e = env('laptop-16g-one-pagefile');
    const lib = e.SYSGRAB_KERNEL32!;
    const got = withEnv({ ...e, SYSGRAB_KERNEL32: '/nonexistent/kernel32.dll', SYSGRAB_PSAPI: '/nonexistent/psapi.dll' }, () => getMemStats({ win32: { kernel32: lib, psapi: lib } }));
    assert.equal(got.total, 16157036544);
  });
});

describe('freecolor prints exactly the expected outputs for Windows snapshots', { skip }, () => {
  for (const name of names) {
    for (const { file, args } of expectedOutputs('win32', name, 'freecolor')) {
      it(`${name}: freecolor ${args.join(' ')}`, () => {
        assert.equal(
          withEnv(env(name), () => freecolorText(args)),
          readFileSync(file, 'utf8'),
        );
      });
    }
  }
  it('bin/freecolor with SYSGRAB_PLATFORM=win32 prints the same (end to end)', () => {
    const name = 'exchange-128g-two-pagefiles';
    for (const { file, args } of expectedOutputs('win32', name, 'freecolor')) {
      const r = freecolor(args, env(name));
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      assert.equal(r.stdout, readFileSync(file, 'utf8'), args.join(' '));
    }
  });
  if (DRIVERS.includes('ffi-rs')) {
    it('bin/freecolor under ffi-rs: one line on stderr saying to use koffi, exit 1', () => {
      const r = freecolor([], env('laptop-16g-one-pagefile', 'ffi-rs'));
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^freecolor: EnumPageFilesW\(\) calls back into JavaScript .*use the koffi driver .*\n$/);
      assert.equal(r.stderr.split('\n').length, 2);
    });
  }
});
