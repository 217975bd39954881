import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENUM_PAGE_FILE_INFORMATION, MEMORYSTATUSEX_SIZE, PERFORMANCE_INFORMATION } from '../../src/win32/abi.js';
import { decodeSwapent, SWAPENT } from '../../src/openbsd/abi.js';
import { withEnv } from '../support/helpers.js';
import { platformEnv, shimLibrary, shimUnavailable } from '../support/shim.js';

/*
 * The layouts in src/<os>/abi.ts against koffi laying out the same structs
 * by C's rules from the OS headers (XNU vm_statistics.h and sysctl.h, the
 * Windows SDK's winbase.h and psapi.h, OpenBSD's swap.h), and the doubles'
 * error answers called directly, as the OS gives them.
 */

type Koffi = typeof import('koffi', { with: { 'resolution-mode': 'require' }});
const koffi = () => require('koffi') as Koffi;

describe('struct layouts agree with C', () => {
  it('struct vm_statistics64 (xnu osfmk/mach/vm_statistics.h): 152 bytes, the offsets darwin/abi.ts reads', () => {
    const k = koffi();
    const u32 = 'uint32_t';
    const u64 = 'uint64_t';
    const T = k.struct('test_vm_statistics64', {
      free_count: u32,
      active_count: u32,
      inactive_count: u32,
      wire_count: u32,
      zero_fill_count: u64,
      reactivations: u64,
      pageins: u64,
      pageouts: u64,
      faults: u64,
      cow_faults: u64,
      lookups: u64,
      hits: u64,
      purges: u64,
      purgeable_count: u32,
      speculative_count: u32,
      decompressions: u64,
      compressions: u64,
      swapins: u64,
      swapouts: u64,
      compressor_page_count: u32,
      throttled_count: u32,
      external_page_count: u32,
      internal_page_count: u32,
      total_uncompressed_pages_in_compressor: u64,
    });
    assert.equal(k.sizeof(T), 152);
    // The offsets decodeVmStatistics() reads.
    for (const [field, offset] of Object.entries({
      free_count: 0,
      active_count: 4,
      inactive_count: 8,
      wire_count: 12,
      purgeable_count: 88,
      speculative_count: 92,
      compressor_page_count: 128,
      external_page_count: 136,
      internal_page_count: 140,
    })) {
      assert.equal(k.offsetof(T, field), offset, field);
    }
  });
  it('struct xsw_usage (xnu bsd/sys/sysctl.h): 32 bytes', () => {
    const k = koffi();
    const T = k.struct('test_xsw_usage', { xsu_total: 'uint64_t', xsu_avail: 'uint64_t', xsu_used: 'uint64_t', xsu_pagesize: 'uint32_t', xsu_encrypted: 'int' });
    assert.equal(k.sizeof(T), 32);
  });
  it('MEMORYSTATUSEX, PERFORMANCE_INFORMATION, ENUM_PAGE_FILE_INFORMATION (winbase.h, psapi.h) on this pointer size', () => {
    const k = koffi();
    const M = k.struct('test_MEMORYSTATUSEX', {
      dwLength: 'uint32_t',
      dwMemoryLoad: 'uint32_t',
      ullTotalPhys: 'uint64_t',
      ullAvailPhys: 'uint64_t',
      ullTotalPageFile: 'uint64_t',
      ullAvailPageFile: 'uint64_t',
      ullTotalVirtual: 'uint64_t',
      ullAvailVirtual: 'uint64_t',
      ullAvailExtendedVirtual: 'uint64_t',
    });
    assert.equal(k.sizeof(M), MEMORYSTATUSEX_SIZE);
    const P = k.struct('test_PERFORMANCE_INFORMATION', {
      cb: 'uint32_t',
      CommitTotal: 'size_t',
      CommitLimit: 'size_t',
      CommitPeak: 'size_t',
      PhysicalTotal: 'size_t',
      PhysicalAvailable: 'size_t',
      SystemCache: 'size_t',
      KernelTotal: 'size_t',
      KernelPaged: 'size_t',
      KernelNonpaged: 'size_t',
      PageSize: 'size_t',
      HandleCount: 'uint32_t',
      ProcessCount: 'uint32_t',
      ThreadCount: 'uint32_t',
    });
    assert.equal(k.sizeof(P), PERFORMANCE_INFORMATION.size);
    for (const [field, offset] of Object.entries({
      PhysicalTotal: PERFORMANCE_INFORMATION.physicalTotal,
      PhysicalAvailable: PERFORMANCE_INFORMATION.physicalAvailable,
      SystemCache: PERFORMANCE_INFORMATION.systemCache,
      KernelNonpaged: PERFORMANCE_INFORMATION.kernelNonpaged,
      PageSize: PERFORMANCE_INFORMATION.pageSize,
    })) {
      assert.equal(k.offsetof(P, field), offset, field);
    }
    const E = k.struct('test_ENUM_PAGE_FILE_INFORMATION', { cb: 'uint32_t', Reserved: 'uint32_t', TotalSize: 'size_t', TotalInUse: 'size_t', PeakUsage: 'size_t' });
    assert.equal(k.sizeof(E), ENUM_PAGE_FILE_INFORMATION.size);
    assert.equal(k.offsetof(E, 'TotalSize'), ENUM_PAGE_FILE_INFORMATION.totalSize);
    assert.equal(k.offsetof(E, 'TotalInUse'), ENUM_PAGE_FILE_INFORMATION.totalInUse);
  });
  it('struct swapent (OpenBSD sys/swap.h): se_path is PATH_MAX + 1, so 1048 bytes, not 1044', () => {
    const k = koffi();
    const T = k.struct('test_swapent', { se_dev: 'int32_t', se_flags: 'int', se_nblks: 'int', se_inuse: 'int', se_priority: 'int', se_path: k.array('char', 1025) });
    assert.equal(k.sizeof(T), SWAPENT.size);
    assert.equal(k.offsetof(T, 'se_path'), SWAPENT.path);
    assert.equal(k.offsetof(T, 'se_inuse'), SWAPENT.inuse);
    const buf = Buffer.alloc(2 * SWAPENT.size);
    buf.writeInt32LE(3, SWAPENT.size + SWAPENT.flags);
    buf.writeInt32LE(4096, SWAPENT.size + SWAPENT.nblks);
    buf.write('/dev/sd0b\0', SWAPENT.size + SWAPENT.path);
    assert.deepEqual(decodeSwapent(buf, 1), { path: '/dev/sd0b', enabled: true, nblks: 4096, inuse: 0 });
  });
});

describe('the doubles answer as the OS does (called directly)', { skip: shimUnavailable() ?? false }, () => {
  it('fakedarwin: a short buffer is ENOMEM with nothing copied and *oldlenp 0 (XNU, unlike FreeBSD); count < 24 is KERN_FAILURE; 24..37 fills rev0 only', () => {
    const k = koffi();
    const lib = k.load(shimLibrary('fakedarwin'));
    const byName = lib.func('int sysctlbyname(const char *name, void *oldp, void *oldlenp, void *newp, size_t newlen)') as (...a: unknown[]) => number;
    const stats = lib.func('int host_statistics64(uint32_t host, int flavor, void *info, void *count)') as (...a: unknown[]) => number;
    const hostSelf = lib.func('uint32_t mach_host_self(void)') as () => number;
    withEnv(platformEnv('darwin', 'm2pro-16g-pressure'), () => {
      const len = new BigUint64Array([4n]);
      const buf = Buffer.alloc(8, 0xaa);
      assert.equal(byName('hw.memsize', buf, len, null, 0), -1);
      assert.equal(k.errno(), 12);
      assert.equal(len[0], 0n);
      assert.equal(buf.readUInt32LE(0), 0xaaaaaaaa);
      const info = Buffer.alloc(4096, 0x55);
      const count = new Uint32Array([23]);
      assert.equal(stats(hostSelf(), 4, info, count), 5);
      count[0] = 30;
      assert.equal(stats(hostSelf(), 4, info, count), 0);
      assert.equal(count[0], 24);
      assert.equal(info.readUInt32LE(128), 0x55555555, 'compressor_page_count not written');
    });
  });
  it('fakewin: dwLength other than 64 is FALSE with ERROR_INVALID_PARAMETER; cb below 104 is ERROR_BAD_LENGTH; success keeps the last error', () => {
    const k = koffi();
    const lib = k.load(shimLibrary('fakewin'));
    const gmse = lib.func('__stdcall', 'GlobalMemoryStatusEx', 'int', ['void *']) as (b: Buffer) => number;
    const gpi = lib.func('__stdcall', 'GetPerformanceInfo', 'int', ['void *', 'uint32_t']) as (b: Buffer, cb: number) => number;
    const gle = lib.func('__stdcall', 'GetLastError', 'uint32_t', []) as () => number;
    const sle = lib.func('__stdcall', 'SetLastError', 'void', ['uint32_t']) as (e: number) => void;
    withEnv(platformEnv('win32', 'laptop-16g-one-pagefile'), () => {
      const ms = Buffer.alloc(64);
      ms.writeUInt32LE(63, 0);
      assert.equal(gmse(ms), 0);
      assert.equal(gle(), 87);
      assert.equal(gpi(Buffer.alloc(104), 103), 0);
      assert.equal(gle(), 24);
      sle(0xdead);
      ms.writeUInt32LE(64, 0);
      assert.equal(gmse(ms), 1);
      assert.equal(gle(), 0xdead);
      assert.equal(Number(ms.readBigUInt64LE(8)), 16157036544);
    });
  });
  it('fakeopenbsd: a short buffer is ENOMEM with nothing copied and *oldlenp unchanged; no sysctlbyname; swapctl SWAP_STATS copies at most misc entries', () => {
    const k = koffi();
    const lib = k.load(shimLibrary('fakeopenbsd'));
    const sysctl = lib.func('int sysctl(const int *name, unsigned int namelen, void *oldp, void *oldlenp, void *newp, size_t newlen)') as (...a: unknown[]) => number;
    const swapctl = lib.func('int swapctl(int cmd, void *arg, int misc)') as (...a: unknown[]) => number;
    assert.throws(() => lib.func('int sysctlbyname(const char *n, void *o, void *l, void *nw, size_t nl)'));
    withEnv(platformEnv('openbsd', 'rpi4-arm64-4g-swap'), () => {
      const len = new BigUint64Array([100n]);
      const buf = Buffer.alloc(512, 0x11);
      assert.equal(sysctl(new Int32Array([2, 4]), 2, buf, len, null, 0), -1);
      assert.equal(k.errno(), 12);
      assert.equal(len[0], 100n);
      assert.equal(buf[0], 0x11);
      len[0] = 512n;
      assert.equal(sysctl(new Int32Array([2, 4]), 2, buf, len, null, 0), 0);
      assert.equal(len[0], 344n);
      assert.equal(swapctl(3, null, 0), 1);
      const ents = Buffer.alloc(2 * SWAPENT.size);
      assert.equal(swapctl(4, ents, 0), 0);
      assert.equal(swapctl(4, ents, 2), 1);
      assert.equal(decodeSwapent(ents, 0).path, '/dev/sd0b');
    });
  });
});
