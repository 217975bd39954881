/*
 * The fault matrix of the macOS, Windows and OpenBSD backends: every native
 * call they make, each failure its double can inject (FAKE<OS>_FAULTS) or a
 * library problem, and the asserted outcome, with the call counts that show
 * which path ran (platform-faults.test.ts runs each row, through each driver
 * the row allows, and checks that no descriptor is left open).
 */
import { constants } from 'node:os';
import type { StatErrorCode } from '../../src/index.js';
import type { DoubledPlatform } from './shim.js';
import { LIBRARY_WITHOUT_SYMBOLS } from './shim.js';

export type PlatformOutcome =
  /** A StatError: `<lib>` in arg stands for the double's path. */
  | { kind: 'error'; code: StatErrorCode; arg: string; errno?: number; errnoName?: string }
  /** Success with exactly `value` (the expected file's figures where it says `expected`). */
  | { kind: 'value'; value: unknown };

export interface PlatformFault {
  os: DoubledPlatform;
  /** The case whose snapshot the double serves. */
  fixture: string;
  call: 'mem' | 'swap' | 'pressure';
  /** The native call that fails. */
  target: string;
  /** FAKE<OS>_FAULTS. */
  inject: string;
  /** Library overrides (SYSGRAB_LIBSYSTEM, SYSGRAB_KERNEL32, SYSGRAB_PSAPI, SYSGRAB_LIBC). */
  libs?: Record<string, string>;
  /** Load a fresh copy of the double (state kept per loaded library, such as the Mach host port). */
  freshCopy?: boolean;
  /** Drivers the row runs under (default: every driver this OS can run). */
  drivers?: readonly ('koffi' | 'ffi-rs')[];
  outcome: PlatformOutcome;
  /** The double's counts after the call, key → exact value. */
  calls: Record<string, number>;
}

const { EOPNOTSUPP } = constants.errno;
const error = (code: StatErrorCode, arg: string, errno?: number, errnoName?: string): PlatformOutcome => ({ kind: 'error', code, arg, errno, errnoName });

const MAC = 'm2pro-16g-pressure';
const WIN = 'exchange-128g-two-pagefiles';
const BSD = 'rpi4-arm64-4g-swap';

export const PLATFORM_FAULTS: PlatformFault[] = [
  // macOS: the Mach calls answer kern_return_t codes: NATIVE with that code.
  ...(
    [
      ['KERN_FAILURE', 5],
      ['KERN_INVALID_ARGUMENT', 4],
      ['KERN_INVALID_HOST', 22],
    ] as const
  ).map(
    ([kr, n]): PlatformFault => ({
      os: 'darwin',
      fixture: MAC,
      call: 'mem',
      target: 'host_statistics64',
      inject: `host_statistics64=${kr}`,
      outcome: error('NATIVE', 'host_statistics64', n, kr),
      calls: { host_statistics64: 1, host_page_size: 0, 'sysctlbyname:hw.memsize': 0 },
    }),
  ),
  {
    os: 'darwin',
    fixture: MAC,
    call: 'mem',
    target: 'host_statistics64',
    inject: 'host_statistics64=MIG_ARRAY_TOO_LARGE',
    // The count did not grow (the fault leaves it at 38): no retry, no errno (a negative MIG code).
    outcome: error('NATIVE', 'host_statistics64', undefined, 'MIG_ARRAY_TOO_LARGE'),
    calls: { host_statistics64: 1 },
  },
  {
    os: 'darwin',
    fixture: MAC,
    call: 'mem',
    target: 'host_page_size',
    inject: 'host_page_size=KERN_FAILURE',
    outcome: error('NATIVE', 'host_page_size', 5, 'KERN_FAILURE'),
    calls: { host_statistics64: 1, host_page_size: 1 },
  },
  {
    os: 'darwin',
    fixture: MAC,
    call: 'mem',
    target: 'mach_host_self',
    inject: 'mach_host_self=NULL',
    freshCopy: true,
    outcome: error('NATIVE', 'mach_host_self'),
    calls: { mach_host_self: 1, host_statistics64: 0 },
  },
  ...(
    [
      ['ENOENT', 2],
      ['EIO', 5],
      ['ENOMEM', 12],
    ] as const
  ).map(
    ([f, n]): PlatformFault => ({
      os: 'darwin',
      fixture: MAC,
      call: 'mem',
      target: 'sysctlbyname hw.memsize',
      inject: `hw.memsize=${f}`,
      outcome: error('SYSCTL', 'hw.memsize', n),
      calls: { 'sysctlbyname:hw.memsize': 1 },
    }),
  ),
  ...(
    [
      ['ENOENT', 2],
      ['EPERM', 1],
    ] as const
  ).map(
    ([f, n]): PlatformFault => ({
      os: 'darwin',
      fixture: MAC,
      call: 'swap',
      target: 'sysctlbyname vm.swapusage',
      inject: `vm.swapusage=${f}`,
      outcome: error('SYSCTL', 'vm.swapusage', n),
      calls: { 'sysctlbyname:vm.swapusage': 1 },
    }),
  ),
  ...(
    [
      ['EPERM', 1],
      ['ENOENT', 2],
    ] as const
  ).map(
    ([f, n]): PlatformFault => ({
      os: 'darwin',
      fixture: MAC,
      call: 'pressure',
      target: 'sysctlbyname kern.memorystatus_vm_pressure_level',
      inject: `kern.memorystatus_vm_pressure_level=${f}`,
      outcome: error('SYSCTL', 'kern.memorystatus_vm_pressure_level', n),
      calls: { 'sysctlbyname:kern.memorystatus_vm_pressure_level': 1 },
    }),
  ),
  {
    os: 'darwin',
    fixture: MAC,
    call: 'mem',
    target: 'libSystem (missing)',
    inject: '',
    libs: { SYSGRAB_LIBSYSTEM: '/nonexistent/libSystem.B.dylib' },
    outcome: error('LIBRARY', '/nonexistent/libSystem.B.dylib'),
    calls: {},
  },
  {
    os: 'darwin',
    fixture: MAC,
    call: 'mem',
    target: 'libSystem (no Mach symbols)',
    inject: '',
    libs: { SYSGRAB_LIBSYSTEM: LIBRARY_WITHOUT_SYMBOLS },
    outcome: error('LIBRARY', LIBRARY_WITHOUT_SYMBOLS),
    calls: {},
  },

  // Windows: FALSE and GetLastError(): NATIVE with the Win32 code.
  {
    os: 'win32',
    fixture: WIN,
    call: 'mem',
    target: 'GlobalMemoryStatusEx',
    inject: 'GlobalMemoryStatusEx=ERROR_ACCESS_DENIED',
    outcome: error('NATIVE', 'GlobalMemoryStatusEx', 5, 'ERROR_ACCESS_DENIED'),
    calls: { GlobalMemoryStatusEx: 1, GetLastError: 1, GetPerformanceInfo: 0 },
  },
  {
    os: 'win32',
    fixture: WIN,
    call: 'mem',
    target: 'GetPerformanceInfo',
    inject: 'GetPerformanceInfo=ERROR_NOT_ENOUGH_MEMORY',
    outcome: error('NATIVE', 'GetPerformanceInfo', 8, 'ERROR_NOT_ENOUGH_MEMORY'),
    calls: { GlobalMemoryStatusEx: 1, GetPerformanceInfo: 1, GetLastError: 1 },
  },
  {
    os: 'win32',
    fixture: WIN,
    call: 'swap',
    target: 'GetPerformanceInfo (the page size)',
    inject: 'GetPerformanceInfo=ERROR_BAD_LENGTH',
    drivers: ['koffi'],
    outcome: error('NATIVE', 'GetPerformanceInfo', 24, 'ERROR_BAD_LENGTH'),
    calls: { GetPerformanceInfo: 1, EnumPageFilesW: 0 },
  },
  {
    os: 'win32',
    fixture: WIN,
    call: 'swap',
    target: 'EnumPageFilesW',
    inject: 'EnumPageFilesW=ERROR_ACCESS_DENIED',
    drivers: ['koffi'],
    outcome: error('NATIVE', 'EnumPageFilesW', 5, 'ERROR_ACCESS_DENIED'),
    calls: { EnumPageFilesW: 1, 'EnumPageFilesW:callback': 0, GetLastError: 1 },
  },
  {
    os: 'win32',
    fixture: WIN,
    call: 'swap',
    target: 'EnumPageFilesW under ffi-rs (no callback results)',
    inject: '',
    drivers: ['ffi-rs'],
    outcome: error('LIBRARY', '<lib>'),
    calls: { EnumPageFilesW: 0 },
  },
  {
    os: 'win32',
    fixture: WIN,
    call: 'mem',
    target: 'kernel32 (missing)',
    inject: '',
    libs: { SYSGRAB_KERNEL32: '/nonexistent/kernel32.dll' },
    outcome: error('LIBRARY', '/nonexistent/kernel32.dll'),
    calls: { GlobalMemoryStatusEx: 0 },
  },
  { os: 'win32', fixture: WIN, call: 'mem', target: 'psapi (missing)', inject: '', libs: { SYSGRAB_PSAPI: '/nonexistent/psapi.dll' }, outcome: error('LIBRARY', '/nonexistent/psapi.dll'), calls: {} },
  {
    os: 'win32',
    fixture: WIN,
    call: 'swap',
    target: 'psapi (no symbols)',
    inject: '',
    libs: { SYSGRAB_PSAPI: LIBRARY_WITHOUT_SYMBOLS },
    outcome: error('LIBRARY', LIBRARY_WITHOUT_SYMBOLS),
    calls: { EnumPageFilesW: 0 },
  },

  // OpenBSD: sysctl by MIB; swapctl falls back to uvmexp's totals.
  ...(
    [
      ['EIO', 5],
      ['EACCES', 13],
      ['EOPNOTSUPP', EOPNOTSUPP],
    ] as const
  ).map(
    ([f, n]): PlatformFault => ({
      os: 'openbsd',
      fixture: BSD,
      call: 'mem',
      target: 'sysctl vm.uvmexp',
      inject: `vm.uvmexp=${f}`,
      outcome: error('SYSCTL', 'vm.uvmexp', n),
      calls: { 'sysctl:vm.uvmexp': 1, 'sysctl:hw.physmem64': 0 },
    }),
  ),
  { os: 'openbsd', fixture: BSD, call: 'mem', target: 'sysctl hw.physmem64', inject: 'hw.physmem64=EPERM', outcome: error('SYSCTL', 'hw.physmem64', 1), calls: { 'sysctl:hw.physmem64': 1 } },
  {
    os: 'openbsd',
    fixture: BSD,
    call: 'mem',
    target: 'sysctl vfs.generic.bcachestat',
    inject: 'vfs.generic.bcachestat=EIO',
    outcome: error('SYSCTL', 'vfs.generic.bcachestat', 5),
    calls: { 'sysctl:vfs.generic.bcachestat': 1 },
  },
  {
    os: 'openbsd',
    fixture: BSD,
    call: 'mem',
    target: 'sysctl vfs.generic.bcachestat (a kernel without it)',
    inject: 'vfs.generic.bcachestat=EOPNOTSUPP',
    // By hand from the snapshot: free = (612345 + 188765) x 4096 = 3281346560, cache 0, available = free.
    outcome: { kind: 'value', value: { total: 4148166656, free: 3281346560, used: 866820096, cache: 0, available: 3281346560, active: 390889472, inactive: 773181440, wired: 287223808 } },
    calls: { 'sysctl:vfs.generic.bcachestat': 1 },
  },
  { os: 'openbsd', fixture: BSD, call: 'mem', target: 'sysctl (every MIB)', inject: 'sysctl=EACCES', outcome: error('SYSCTL', 'vm.uvmexp', 13), calls: { sysctl: 1 } },
  ...(['swapctl:SWAP_NSWAP=EPERM', 'swapctl:SWAP_STATS=EIO', 'swapctl=EPERM'] as const).map(
    (inject): PlatformFault => ({
      os: 'openbsd',
      fixture: BSD,
      call: 'swap',
      target: `swapctl (${inject.split('=')[0]})`,
      inject,
      // uvmexp's totals, by hand: 524287 x 4096 = 2147479552, 3210 x 4096 = 13148160; no devices.
      outcome: { kind: 'value', value: { total: 2147479552, used: 13148160, free: 2134331392 } },
      calls: { 'sysctl:vm.uvmexp': 1, 'swapctl:SWAP_NSWAP': 1, 'swapctl:SWAP_STATS': inject.includes('SWAP_STATS') ? 1 : 0 },
    }),
  ),
  {
    os: 'openbsd',
    fixture: BSD,
    call: 'swap',
    target: 'swapctl, then sysctl vm.uvmexp',
    inject: 'swapctl=EPERM,vm.uvmexp=EIO',
    outcome: error('SYSCTL', 'vm.uvmexp', 5),
    calls: { 'swapctl:SWAP_NSWAP': 1, 'sysctl:vm.uvmexp': 1 },
  },
  { os: 'openbsd', fixture: BSD, call: 'mem', target: 'libc (missing)', inject: '', libs: { SYSGRAB_LIBC: '/nonexistent/libc.so' }, outcome: error('LIBRARY', '/nonexistent/libc.so'), calls: {} },
  {
    os: 'openbsd',
    fixture: BSD,
    call: 'swap',
    target: 'libc (no swapctl)',
    inject: '',
    libs: { SYSGRAB_LIBC: LIBRARY_WITHOUT_SYMBOLS },
    outcome: error('LIBRARY', LIBRARY_WITHOUT_SYMBOLS),
    calls: {},
  },
];
