/*
 * The fault matrix: every failure sysgrab's backends can meet, how it is
 * injected, and the outcome that is asserted (fault-matrix.test.ts runs each
 * row). Native faults go through native-shims/ (FAKEBSD_FAULTS), through
 * both FFI drivers; file faults are produced for real on the file system.
 * Every row also checks that no descriptor and no kvm handle is left open.
 */
import type { StatErrorCode } from '../../src/index.js';
import { LIBRARY_WITHOUT_SYMBOLS } from './shim.js';

export type Outcome =
  | { kind: 'error'; code: StatErrorCode; arg: string; errno?: number }
  /**
   * The call succeeds and gives exactly the fixture's expected figures
   * through a fallback path, which the double's call counts must show ran:
   * `kvmCalls` kvm_getswapinfo calls, vm.swap_info read, and `xswdev` the
   * struct version it served.
   */
  | { kind: 'fallback'; via: string; kvmCalls: number; xswdev: 'v1' | 'v2' }
  /** The call succeeds; `field` is as stated (an absent name is absent). */
  | { kind: 'absent'; field: string; value: undefined | 0 | 'hw.pagesize' | '#dev' };

export interface NativeFault {
  call: 'mem' | 'swap';
  target: string;
  /** FAKEBSD_FAULTS value, or a library override. */
  inject: string;
  libc?: string;
  libkvm?: string;
  outcome: Outcome;
}

const V = 'vm.stats.vm.';
const ARC = 'kstat.zfs.misc.arcstats.';
const SHIM = '<shim>';
const errorOf = (code: StatErrorCode, arg: string, errno?: number): Outcome => ({ kind: 'error', code, arg, errno });

const ERRNO = { ENOENT: 2, EPERM: 1, EIO: 5, ENOMEM: 12, EACCES: 13 } as const;

/** Faults in the native calls, for the FreeBSD backend. `<shim>` stands for the shim library's path. */
export const NATIVE_FAULTS: NativeFault[] = [
  // A required page count: any failure is a SYSCTL error naming it.
  ...(['ENOENT', 'EPERM', 'EACCES', 'ENOMEM', 'EIO'] as const).map(
    (f): NativeFault => ({ call: 'mem', target: `${V}v_page_count`, inject: `${V}v_page_count=${f}`, outcome: errorOf('SYSCTL', `${V}v_page_count`, ERRNO[f]) }),
  ),
  ...(['ENOENT', 'EIO'] as const).map((f): NativeFault => ({ call: 'mem', target: `${V}v_free_count`, inject: `${V}v_free_count=${f}`, outcome: errorOf('SYSCTL', `${V}v_free_count`, ERRNO[f]) })),
  // Optional names: absent (ENOENT) means absent; any other failure is reported.
  { call: 'mem', target: `${V}v_laundry_count`, inject: `${V}v_laundry_count=ENOENT`, outcome: { kind: 'absent', field: 'laundry', value: undefined } },
  { call: 'mem', target: `${V}v_laundry_count`, inject: `${V}v_laundry_count=EPERM`, outcome: errorOf('SYSCTL', `${V}v_laundry_count`, 1) },
  { call: 'mem', target: `${V}v_cache_count`, inject: `${V}v_cache_count=ENOENT`, outcome: { kind: 'absent', field: 'cache', value: 0 } },
  { call: 'mem', target: `${V}v_cache_count`, inject: `${V}v_cache_count=ENOMEM`, outcome: errorOf('SYSCTL', `${V}v_cache_count`, 12) },
  { call: 'mem', target: `${ARC}size`, inject: `${ARC}size=ENOENT`, outcome: { kind: 'absent', field: 'arc', value: undefined } },
  { call: 'mem', target: `${ARC}size`, inject: `${ARC}size=EIO`, outcome: errorOf('SYSCTL', `${ARC}size`, 5) },
  { call: 'mem', target: `${ARC}c_max`, inject: `${ARC}c_max=EACCES`, outcome: errorOf('SYSCTL', `${ARC}c_max`, 13) },
  // The page size falls back to hw.pagesize only when absent.
  { call: 'mem', target: `${V}v_page_size`, inject: `${V}v_page_size=ENOENT`, outcome: { kind: 'absent', field: 'pageSize', value: 'hw.pagesize' } },
  { call: 'mem', target: `${V}v_page_size`, inject: `${V}v_page_size=EIO`, outcome: errorOf('SYSCTL', `${V}v_page_size`, 5) },
  { call: 'mem', target: 'hw.pagesize', inject: `${V}v_page_size=ENOENT,hw.pagesize=ENOENT`, outcome: errorOf('SYSCTL', `${V}v_page_size`, 2) },
  // libc itself.
  { call: 'mem', target: 'libc (missing)', inject: '', libc: '/nonexistent/libc.so.7', outcome: errorOf('LIBRARY', '/nonexistent/libc.so.7') },
  { call: 'mem', target: 'libc (no sysctl symbols)', inject: '', libc: LIBRARY_WITHOUT_SYMBOLS, outcome: errorOf('LIBRARY', LIBRARY_WITHOUT_SYMBOLS) },
  { call: 'swap', target: 'libc (missing)', inject: '', libc: '/nonexistent/libc.so.7', outcome: errorOf('LIBRARY', '/nonexistent/libc.so.7') },
  // libkvm: any failure falls back to vm.swap_info.
  { call: 'swap', target: 'kvm_openfiles', inject: 'kvm_openfiles=NULL', outcome: { kind: 'fallback', via: 'vm.swap_info', kvmCalls: 0, xswdev: 'v2' } },
  { call: 'swap', target: 'kvm_getswapinfo', inject: 'kvm_getswapinfo=-1', outcome: { kind: 'fallback', via: 'vm.swap_info', kvmCalls: 1, xswdev: 'v2' } },
  { call: 'swap', target: 'libkvm (missing)', inject: '', libkvm: '/nonexistent/libkvm.so.7', outcome: { kind: 'fallback', via: 'vm.swap_info', kvmCalls: 0, xswdev: 'v2' } },
  { call: 'swap', target: 'libkvm (no kvm symbols)', inject: '', libkvm: LIBRARY_WITHOUT_SYMBOLS, outcome: { kind: 'fallback', via: 'vm.swap_info', kvmCalls: 0, xswdev: 'v2' } },
  { call: 'swap', target: 'kvm_openfiles + xswdev v1 kernel', inject: 'kvm_openfiles=NULL', outcome: { kind: 'fallback', via: 'vm.swap_info (struct xswdev version 1)', kvmCalls: 0, xswdev: 'v1' } },
  { call: 'swap', target: 'devname (on the fallback)', inject: 'kvm_openfiles=NULL,devname=NULL', outcome: { kind: 'absent', field: 'devices[].name', value: '#dev' } },
  // Both swap paths failing: KVM, with libkvm's text and the fallback's errno.
  ...(['ENOENT', 'EPERM', 'EIO'] as const).map(
    (f): NativeFault => ({ call: 'swap', target: 'sysctlnametomib (after kvm_getswapinfo -1)', inject: `kvm_getswapinfo=-1,sysctlnametomib=${f}`, outcome: errorOf('KVM', SHIM, ERRNO[f]) }),
  ),
  ...(['EPERM', 'EIO', 'ENOMEM'] as const).map(
    (f): NativeFault => ({ call: 'swap', target: 'sysctl vm.swap_info.N (after kvm_openfiles NULL)', inject: `kvm_openfiles=NULL,sysctl=${f}`, outcome: errorOf('KVM', SHIM, ERRNO[f]) }),
  ),
  { call: 'swap', target: 'vm.swap_info (after libkvm missing)', inject: 'vm.swap_info=ENOENT', libkvm: '/nonexistent/libkvm.so.7', outcome: errorOf('KVM', '/nonexistent/libkvm.so.7', 2) },
];

export interface FileFault {
  call: 'mem' | 'swap';
  file: 'meminfo' | 'swaps' | 'procRoot';
  fault: string;
  /** How the fault is produced, for the reader. */
  how: string;
  outcome: Outcome | { kind: 'no-devices' };
  /** Produced with a Linux-only file (/proc/self/mem, /proc/<pid>/stat). */
  linuxOnly?: boolean;
}

/** Faults in the files the Linux backend reads, produced for real. */
export const FILE_FAULTS: FileFault[] = [
  { call: 'mem', file: 'procRoot', fault: 'ENOENT', how: 'HOST_PROC names a directory that does not exist', outcome: errorOf('OPEN', '<root>/meminfo', 2) },
  { call: 'mem', file: 'meminfo', fault: 'ENOENT', how: 'meminfo missing', outcome: errorOf('OPEN', '<root>/meminfo', 2) },
  { call: 'mem', file: 'meminfo', fault: 'EACCES', how: 'meminfo mode 000, read as an unprivileged user (setpriv when the tests run as root)', outcome: errorOf('OPEN', '<root>/meminfo', 13) },
  { call: 'mem', file: 'meminfo', fault: 'EISDIR', how: 'meminfo is a directory', outcome: errorOf('OPEN', '<root>/meminfo', 21) },
  { call: 'mem', file: 'meminfo', fault: 'FIFO', how: 'meminfo is a FIFO nobody writes to (it must be refused, not block)', outcome: errorOf('OPEN', '<root>/meminfo') },
  { call: 'mem', file: 'meminfo', fault: 'device', how: 'meminfo links to /dev/zero (endless: it must be refused, not read)', outcome: errorOf('OPEN', '<root>/meminfo') },
  { call: 'mem', file: 'meminfo', fault: 'too large', how: 'meminfo is a 2 MiB regular file (past the 1 MiB bound)', outcome: errorOf('PARSE', '<root>/meminfo') },
  { call: 'mem', file: 'meminfo', fault: 'EIO', how: 'meminfo links to /proc/self/mem, whose page 0 is unmapped', outcome: errorOf('OPEN', '<root>/meminfo', 5), linuxOnly: true },
  {
    call: 'mem',
    file: 'meminfo',
    fault: 'vanished',
    how: 'meminfo links to /proc/<pid>/stat of a process that exits between two calls (the kept descriptor goes bad)',
    outcome: errorOf('OPEN', '<root>/meminfo', 2),
    linuxOnly: true,
  },
  { call: 'swap', file: 'meminfo', fault: 'ENOENT', how: 'meminfo missing', outcome: errorOf('OPEN', '<root>/meminfo', 2) },
  { call: 'swap', file: 'swaps', fault: 'ENOENT', how: 'swaps missing', outcome: { kind: 'no-devices' } },
  { call: 'swap', file: 'swaps', fault: 'EISDIR', how: 'swaps is a directory', outcome: { kind: 'no-devices' } },
  { call: 'swap', file: 'swaps', fault: 'EIO', how: 'swaps links to /proc/self/mem', outcome: { kind: 'no-devices' }, linuxOnly: true },
];

/** Faults that cannot be produced here, and why (listed so the reader sees the gap). */
export const NOT_INJECTED = [
  'ENOMEM reading a file: no file the kernel serves returns it on read; the path that would meet it is the same catch as EIO.',
  'A file vanishing between open() and read() within one call: on Linux an open descriptor keeps an unlinked file readable; the kept-descriptor case above is the one that can happen.',
];
