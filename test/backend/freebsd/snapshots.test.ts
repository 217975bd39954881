import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { getMemStats, getSwapStats, StatError } from '../../../src/index.js';
import { KVM_SWAP } from '../../../src/freebsd/abi.js';
import { freecolorText } from '../../support/freecolor.js';
import { expectedJson, expectedOutputs, fixtureCases, freecolor, plain, tempDir, withEnv } from '../../support/helpers.js';
import { expectStatError } from '../../support/invariants.js';
import { DRIVERS, freebsdEnv, LIBRARY_WITHOUT_SYMBOLS, openKvmHandles, resetShimCalls, shimCalls, shimLibrary, shimUnavailable, type Driver } from '../../support/shim.js';

/*
 * The real FreeBSD code path (FFI into a shared library exporting
 * sysctlbyname, kvm_getswapinfo, ...) against native-shims/fakebsd/, which
 * serves the snapshots in test/fixtures/freebsd/<case>/snapshot.sysctl.
 * Every test that claims a path ran (libkvm, or the vm.swap_info fallback,
 * or its version 1 struct) asserts it with the double's call counts.
 */

const names = fixtureCases('freebsd', 'mem');
const skip = shimUnavailable() ?? false;
before(() => {
  if (!skip) shimLibrary();
});

interface Plain {
  mem: Record<string, unknown>;
  swap: { total: number; devices: { name: string }[] };
}

function stats(env: Record<string, string>): Plain {
  return withEnv(env, () => plain({ mem: getMemStats(), swap: getSwapStats() }) as Plain);
}

/** Which swap path served the last calls, by the double's counts. */
function swapPath(): { kvm: number; swapInfo: number; v1: number; v2: number } {
  return { kvm: shimCalls('kvm_getswapinfo'), swapInfo: shimCalls('sysctl:vm.swap_info'), v1: shimCalls('xswdev:v1'), v2: shimCalls('xswdev:v2') };
}

/** `fn`'s result and the swap path it took. */
function traced<T>(fn: () => T): { value: T; path: ReturnType<typeof swapPath> } {
  resetShimCalls();
  const value = fn();
  return { value, path: swapPath() };
}

describe('FreeBSD snapshots give exactly the expected stats', { skip }, () => {
  it('has snapshots to check', () => assert.ok(names.length >= 4));
  for (const ffi of DRIVERS) {
    for (const name of names) {
      it(`${name} through ${ffi}`, () => {
        assert.deepEqual(stats(freebsdEnv(name, ffi)), { mem: expectedJson('freebsd', name, 'mem'), swap: expectedJson('freebsd', name, 'swap') });
      });
    }
  }
  it('options win over the environment', () => {
    const env = freebsdEnv('13-laptop-zfs-16g');
    const got = withEnv({ FAKEBSD_SNAPSHOT: env.FAKEBSD_SNAPSHOT, SYSGRAB_PLATFORM: 'plan9', SYSGRAB_LIBC: '/nonexistent.so', SYSGRAB_FFI: 'nope' }, () =>
      getMemStats({ platform: 'freebsd', freebsd: { libc: env.SYSGRAB_LIBC, libkvm: env.SYSGRAB_LIBKVM }, ffi: 'koffi' }),
    );
    assert.equal(got.total, 4046583 * 4096);
  });
});

describe('freecolor prints exactly the expected outputs for FreeBSD snapshots', { skip }, () => {
  for (const ffi of DRIVERS) {
    for (const name of names) {
      for (const { file, args } of expectedOutputs('freebsd', name, 'freecolor')) {
        it(`${name} through ${ffi}: freecolor ${args.join(' ')}`, () => {
          assert.equal(
            withEnv(freebsdEnv(name, ffi), () => freecolorText(args)),
            readFileSync(file, 'utf8'),
          );
        });
      }
    }
  }
  it('the command itself prints the same (one end-to-end run)', () => {
    const name = '13-laptop-zfs-16g';
    const r = freecolor(['-o', '-t'], freebsdEnv(name));
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, readFileSync(expectedOutputs('freebsd', name, 'freecolor').find((o) => o.args.join(' ') === '-o -t')!.file, 'utf8'));
  });
});

describe('swap: libkvm and the vm.swap_info fallback agree, and each path is the one that ran', { skip }, () => {
  for (const ffi of DRIVERS) {
    for (const name of names) {
      it(`${name} through ${ffi}`, () => {
        const viaKvm = traced(() => stats(freebsdEnv(name, ffi)).swap);
        assert.ok(viaKvm.path.kvm > 0 && viaKvm.path.swapInfo === 0, `libkvm served it: ${JSON.stringify(viaKvm.path)}`);
        const viaSysctl = traced(() => stats(freebsdEnv(name, ffi, { FAKEBSD_FAULTS: 'kvm_openfiles=NULL' })).swap);
        assert.ok(viaSysctl.path.kvm === 0 && viaSysctl.path.swapInfo > 0, `vm.swap_info served it: ${JSON.stringify(viaSysctl.path)}`);
        assert.ok(viaSysctl.path.v1 === 0, 'as struct xswdev version 2');
        const viaV1 = traced(() => stats(freebsdEnv(name, ffi, { FAKEBSD_FAULTS: 'kvm_openfiles=NULL', FAKEBSD_XSWDEV: '1' })).swap);
        const devices = viaKvm.value.devices.length;
        assert.ok(viaV1.path.kvm === 0 && viaV1.path.v2 === 0 && viaV1.path.v1 === devices, `version 1 structs decoded: ${JSON.stringify(viaV1.path)}`);
        assert.deepEqual(viaSysctl.value, viaKvm.value);
        assert.deepEqual(viaV1.value, viaKvm.value);
      });
    }
  }
  it('a missing libkvm falls back to vm.swap_info', () => {
    const env = { ...freebsdEnv('11.0-cache-queue-two-swaps'), SYSGRAB_LIBKVM: '/nonexistent/libkvm.so.7' };
    const got = traced(() => stats(env).swap);
    assert.deepEqual(got.value, expectedJson('freebsd', '11.0-cache-queue-two-swaps', 'swap'));
    assert.ok(got.path.kvm === 0 && got.path.swapInfo > 0, JSON.stringify(got.path));
  });
  it('more devices than the first request has rows for are all reported', () => {
    const tmp = tempDir();
    try {
      const lines = ['vm.stats.vm.v_page_size: 4096', 'vm.stats.vm.v_page_count: 1000', 'vm.stats.vm.v_free_count: 1', 'vm.stats.vm.v_inactive_count: 1'];
      for (let i = 0; i < 40; i++) lines.push(`swapdev: md${i} ${100 + i} ${i}`);
      const file = join(tmp.dir, 'many.sysctl');
      writeFileSync(file, `${lines.join('\n')}\n`);
      for (const ffi of DRIVERS) {
        const swap = stats(freebsdEnv(file, ffi)).swap;
        assert.equal(swap.devices.length, 40);
        assert.equal(swap.devices[39]!.name, '/dev/md39');
        assert.equal(swap.total, (40 * 100 + (39 * 40) / 2) * 4096);
      }
    } finally {
      tmp.remove();
    }
  });
});

describe('injected faults give the documented outcome', { skip }, () => {
  const zfs = '13-laptop-zfs-16g';
  const expected = { mem: expectedJson<Record<string, unknown>>('freebsd', zfs, 'mem'), swap: expectedJson('freebsd', zfs, 'swap') };
  for (const ffi of DRIVERS) {
    const env = (faults: string, extra: Record<string, string> = {}) => freebsdEnv(zfs, ffi, { FAKEBSD_FAULTS: faults, ...extra });
    describe(`through ${ffi}`, () => {
      it('EPERM on a page count: SYSCTL naming it, with errno', () => {
        const e = withEnv(env('vm.stats.vm.v_free_count=EPERM'), () => expectStatError(() => getMemStats(), 'SYSCTL', 'vm.stats.vm.v_free_count', 1));
        assert.equal(e.message, 'cannot read sysctl vm.stats.vm.v_free_count: operation not permitted (EPERM)');
      });
      it('EIO on the ARC size: SYSCTL, not a silent "no ZFS"', () => {
        withEnv(env('kstat.zfs.misc.arcstats.size=EIO'), () => expectStatError(() => getMemStats(), 'SYSCTL', 'kstat.zfs.misc.arcstats.size', 5));
      });
      it('ENOMEM on a name (value larger than 8 bytes): SYSCTL', () => {
        withEnv(env('vm.stats.vm.v_page_count=ENOMEM'), () => expectStatError(() => getMemStats(), 'SYSCTL', 'vm.stats.vm.v_page_count', 12));
      });
      it('ENOENT on the ARC: arc undefined and available without it', () => {
        const mem = withEnv(env('kstat.zfs.misc.arcstats.size=ENOENT'), () => getMemStats());
        assert.equal(mem.arc, undefined);
        assert.equal(mem.available, mem.free);
      });
      it('ENOENT on v_laundry_count: laundry undefined; on v_cache_count: cache 0', () => {
        const mem = withEnv(env('vm.stats.vm.v_laundry_count=ENOENT,vm.stats.vm.v_cache_count=ENOENT'), () => getMemStats());
        assert.equal(mem.laundry, undefined);
        assert.equal(mem.cache, 0);
        assert.equal(mem.total, expected.mem.total);
      });
      it('ENOENT on v_page_size: hw.pagesize is used', () => {
        assert.deepEqual(
          withEnv(env('vm.stats.vm.v_page_size=ENOENT'), () => plain(getMemStats())),
          expected.mem,
        );
      });
      it('ENOENT on both page sizes: SYSCTL', () => {
        withEnv(env('vm.stats.vm.v_page_size=ENOENT,hw.pagesize=ENOENT'), () => expectStatError(() => getMemStats(), 'SYSCTL', 'vm.stats.vm.v_page_size', 2));
      });
      it('ENOENT on v_page_count: SYSCTL saying it does not exist', () => {
        withEnv(env('vm.stats.vm.v_page_count=ENOENT'), () => expectStatError(() => getMemStats(), 'SYSCTL', 'vm.stats.vm.v_page_count', 2));
      });
      for (const fault of ['kvm_openfiles=NULL', 'kvm_getswapinfo=-1']) {
        it(`${fault}: the vm.swap_info fallback gives the same swap, and no kvm handle is left open`, () => {
          const before = openKvmHandles();
          const got = traced(() => withEnv(env(fault), () => plain(getSwapStats())));
          assert.deepEqual(got.value, expected.swap);
          assert.ok(got.path.swapInfo > 0, `the fallback ran: ${JSON.stringify(got.path)}`);
          assert.equal(got.path.kvm, fault.startsWith('kvm_getswapinfo') ? 1 : 0, 'libkvm was tried as far as the fault allows');
          assert.equal(openKvmHandles(), before);
        });
      }
      for (const [second, errno] of [
        ['sysctlnametomib=EPERM', 1],
        ['sysctl=EIO', 5],
        ['vm.swap_info=ENOENT', 2],
      ] as const) {
        it(`kvm_getswapinfo=-1 and ${second}: KVM with libkvm's error text`, () => {
          const e = withEnv(env(`kvm_getswapinfo=-1,${second}`), () => expectStatError(() => getSwapStats(), 'KVM', shimLibrary(), errno));
          assert.match(e.message, /^cannot read swap: kvm_getswapinfo: injected failure; the vm\.swap_info fallback failed too: /);
        });
      }
      it('kvm_openfiles=NULL and a missing fallback: KVM with the kvm_openfiles text', () => {
        const e = withEnv(env('kvm_openfiles=NULL,sysctlnametomib=EACCES'), () => expectStatError(() => getSwapStats(), 'KVM', shimLibrary(), 13));
        assert.match(e.message, /kvm_openfiles: injected failure/);
      });
      it('a missing libc: LIBRARY naming it', () => {
        withEnv({ ...env(''), SYSGRAB_LIBC: '/nonexistent/libc.so.7' }, () => expectStatError(() => getMemStats(), 'LIBRARY', '/nonexistent/libc.so.7'));
      });
      it('a library without the functions: LIBRARY', () => {
        withEnv({ ...env(''), SYSGRAB_LIBC: LIBRARY_WITHOUT_SYMBOLS }, () => {
          let caught: unknown;
          try {
            getMemStats();
          } catch (err) {
            caught = err;
          }
          assert.ok(caught instanceof StatError && caught.code === 'LIBRARY' && caught.arg === LIBRARY_WITHOUT_SYMBOLS, String(caught));
        });
      });
      it('no kvm handle is left open after many calls', () => {
        const before = openKvmHandles();
        withEnv(env(''), () => {
          for (let i = 0; i < 200; i++) getSwapStats();
        });
        assert.equal(openKvmHandles(), before);
      });
    });
  }
  it('an unknown FFI driver name: LIBRARY', () => {
    withEnv(freebsdEnv(zfs, 'nope' as Driver), () => expectStatError(() => getMemStats(), 'LIBRARY', 'nope'));
  });
  it('freecolor: a failing sysctl is one line on stderr and exit 1', () => {
    const r = freecolor([], freebsdEnv(zfs, 'koffi', { FAKEBSD_FAULTS: 'vm.stats.vm.v_inactive_count=EACCES' }));
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'freecolor: cannot read sysctl vm.stats.vm.v_inactive_count: permission denied (EACCES)\n');
  });
});

describe('the native ABI', { skip }, () => {
  it("koffi, laying out struct kvm_swap by C's rules from lib/libkvm/kvm.h, agrees with abi.ts", () => {
    const koffi = require('koffi') as typeof import('koffi', { with: { 'resolution-mode': 'require' }});
    const KvmSwapStruct = koffi.struct('test_kvm_swap', {
      ksw_devname: koffi.array('char', 32, 'String'),
      ksw_used: 'unsigned int',
      ksw_total: 'unsigned int',
      ksw_flags: 'int',
      ksw_reserved1: 'unsigned int',
      ksw_reserved2: 'unsigned int',
    });
    assert.equal(koffi.sizeof(KvmSwapStruct), 52);
    assert.equal(koffi.alignof(KvmSwapStruct), 4);
    const kvmH = { ksw_devname: 0, ksw_used: 32, ksw_total: 36, ksw_flags: 40, ksw_reserved1: 44, ksw_reserved2: 48 };
    for (const [field, offset] of Object.entries(kvmH)) {
      assert.equal(koffi.offsetof(KvmSwapStruct, field), offset, field);
      assert.equal(KVM_SWAP.fields[field as keyof typeof KVM_SWAP.fields].offset, offset, `abi.ts ${field}`);
    }
    assert.equal(KVM_SWAP.size, 52);
  });
  it('the shim behaves as FreeBSD: partial copy and ENOMEM for a short buffer, size for a NULL buffer, ENOENT for unknown names', () => {
    const koffi = require('koffi') as typeof import('koffi', { with: { 'resolution-mode': 'require' }});
    const lib = koffi.load(shimLibrary());
    const sysctlbyname = lib.func('int sysctlbyname(const char *name, void *oldp, void *oldlenp, const void *newp, size_t newlen)') as (...args: unknown[]) => number;
    withEnv(freebsdEnv('13-laptop-zfs-16g'), () => {
      const len = new BigUint64Array([2n]);
      const buf = Buffer.alloc(8);
      assert.equal(sysctlbyname('kstat.zfs.misc.arcstats.size', buf, len, null, 0), -1);
      assert.equal(koffi.errno(), 12);
      assert.equal(len[0], 2n);
      assert.deepEqual([...buf.subarray(0, 2)], [...Buffer.from(new BigUint64Array([2147483648n]).buffer).subarray(0, 2)]);
      len[0] = 0n;
      assert.equal(sysctlbyname('kstat.zfs.misc.arcstats.size', null, len, null, 0), 0);
      assert.equal(len[0], 8n);
      len[0] = 8n;
      assert.equal(sysctlbyname('vm.stats.vm.v_page_count', buf.fill(0), len, null, 0), 0);
      assert.equal(len[0], 4n);
      assert.equal(buf.readUInt32LE(0), 4046583);
      assert.equal(sysctlbyname('vm.no.such.name', buf, len, null, 0), -1);
      assert.equal(koffi.errno(), 2);
    });
  });
  it('kvm_openfiles with a NULL corefile fails as for a non-root user; /dev/null works', () => {
    const koffi = require('koffi') as typeof import('koffi', { with: { 'resolution-mode': 'require' }});
    const lib = koffi.load(shimLibrary());
    const open = lib.func('void *kvm_openfiles(const char *e, const char *c, const char *s, int flags, void *errbuf)');
    const close = lib.func('int kvm_close(void *kd)');
    const errbuf = Buffer.alloc(2048);
    assert.equal(open(null, null, null, 0, errbuf), null);
    assert.match(errbuf.toString('utf8', 0, errbuf.indexOf(0)), /\/dev\/mem: Permission denied/);
    const kd = open(null, '/dev/null', null, 0, errbuf);
    assert.notEqual(kd, null);
    assert.equal(close(kd), 0);
  });
});

describe('implausible kernel answers', { skip }, () => {
  for (const size of [0, 1000, 86186492, 2 ** 21]) {
    it(`a page size of ${size}: SYSCTL naming the page size`, () => {
      const tmp = tempDir();
      try {
        const file = join(tmp.dir, 'p.sysctl');
        writeFileSync(file, `vm.stats.vm.v_page_size: ${size}\nvm.stats.vm.v_page_count: 10\nvm.stats.vm.v_free_count: 1\nvm.stats.vm.v_inactive_count: 1\n`);
        withEnv(freebsdEnv(file), () => expectStatError(() => getMemStats(), 'SYSCTL', 'vm.stats.vm.v_page_size'));
      } finally {
        tmp.remove();
      }
    });
  }
});
