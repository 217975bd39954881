import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { caseDir, ROOT } from './helpers.js';

/*
 * The ABI doubles of native-shims/, built with the system cc once per test
 * process, and what points a backend at them.
 */

let built: string[] | undefined;
let buildProblem: string | undefined;

/** Why the doubles cannot be built here (no C compiler), or undefined when they can. */
export function shimUnavailable(): string | undefined {
  if (built) return undefined;
  if (buildProblem !== undefined) return buildProblem;
  const cc = process.env.CC ?? 'cc';
  if (spawnSync('sh', ['-c', `command -v ${cc}`], { stdio: 'ignore' }).status !== 0) {
    buildProblem = `no C compiler (${cc}) to build the ABI doubles in native-shims/: install one (Debian: apt-get install gcc libc6-dev; .ci/run does)`;
    return buildProblem;
  }
  return undefined;
}

/** Build native-shims/ and return the path of lib<double>.so (default: the FreeBSD double). */
export function shimLibrary(double = 'fakebsd'): string {
  built ??= execFileSync('sh', [join(ROOT, 'native-shims', 'build.sh')], { encoding: 'utf8' })
    .trim()
    .split('\n');
  const lib = built.find((l) => l.endsWith(`/lib${double}.so`));
  if (!lib) throw new Error(`native-shims/build.sh built no lib${double}.so`);
  return lib;
}

/** A C benchmark loop built beside the doubles. */
export function shimBench(name: string): string {
  shimLibrary();
  return join(ROOT, 'native-shims', 'build', `bench-${name}`);
}

export type Driver = 'koffi' | 'ffi-rs';
/** The drivers this OS can run: ffi-rs ships no FreeBSD binaries. */
export const DRIVERS: Driver[] = process.platform === 'freebsd' ? ['koffi'] : ['koffi', 'ffi-rs'];

/** A real shared library without sysctl or kvm functions, for LIBRARY errors. */
export const LIBRARY_WITHOUT_SYMBOLS = process.platform === 'freebsd' ? 'libm.so.5' : 'libm.so.6';

/** The snapshot of a FreeBSD case (or a path to one). */
export function freebsdSnapshot(fixture: string): string {
  return fixture.includes('/') ? fixture : join(caseDir('freebsd', fixture), 'snapshot.sysctl');
}

/** Environment that points the FreeBSD backend at the double serving `fixture`. */
export function freebsdEnv(fixture: string, ffi: Driver = 'koffi', extra: Record<string, string> = {}): Record<string, string> {
  const lib = shimLibrary();
  return {
    SYSGRAB_PLATFORM: 'freebsd',
    SYSGRAB_LIBC: lib,
    SYSGRAB_LIBKVM: lib,
    SYSGRAB_FFI: ffi,
    FAKEBSD_SNAPSHOT: freebsdSnapshot(fixture),
    ...extra,
  };
}

type Koffi = typeof import('koffi', { with: { 'resolution-mode': 'require' }});

/** A function of the FreeBSD double, read through koffi (the same loaded copy the backend calls). */
const doubleFunctions = new Map<string, (...args: unknown[]) => unknown>();
function doubleFunction(prototype: string): (...args: unknown[]) => unknown {
  let fn = doubleFunctions.get(prototype);
  if (!fn) {
    const koffi = require('koffi') as Koffi;
    fn = koffi.load(shimLibrary()).func(prototype) as (...args: unknown[]) => unknown;
    doubleFunctions.set(prototype, fn);
  }
  return fn;
}

/** The double's count of open kvm handles. */
export function openKvmHandles(): number {
  return doubleFunction('int fakebsd_open_handles(void)')() as number;
}

/**
 * How many times the double served `key` since the last reset: a function
 * name (`kvm_getswapinfo`), `sysctl:NAME` for a sysctl read by name or MIB,
 * or `xswdev:v1` / `xswdev:v2` for the struct layout vm.swap_info served.
 */
export function shimCalls(key: string): number {
  return doubleFunction('int fakebsd_calls(const char *key)')(key) as number;
}

export function resetShimCalls(): void {
  doubleFunction('void fakebsd_reset_calls(void)')();
}

/** getifaddrs lists the double handed out and nobody freed. */
export function liveIfaddrs(): number {
  return doubleFunction('int fakebsd_live_ifaddrs(void)')() as number;
}

/** Sockets the double's socket() handed out and nobody closed. */
export function openShimSockets(): number {
  return doubleFunction('int fakebsd_open_sockets(void)')() as number;
}

/*
 * The macOS, Windows and OpenBSD doubles (native-shims/fakedarwin/,
 * fakewin/, fakeopenbsd/): each serves test/fixtures/<os>/<case>/snapshot.*
 * and counts its calls like the FreeBSD one.
 */

export type PlatformDouble = 'fakedarwin' | 'fakewin' | 'fakeopenbsd';

const SNAPSHOTS = {
  darwin: { double: 'fakedarwin', file: 'snapshot.darwin', variable: 'FAKEDARWIN_SNAPSHOT' },
  win32: { double: 'fakewin', file: 'snapshot.win', variable: 'FAKEWIN_SNAPSHOT' },
  openbsd: { double: 'fakeopenbsd', file: 'snapshot.openbsd', variable: 'FAKEOPENBSD_SNAPSHOT' },
} as const;

export type DoubledPlatform = keyof typeof SNAPSHOTS;

/** The snapshot of a case of `os` (or a path to one). */
export function platformSnapshot(os: DoubledPlatform, fixture: string): string {
  return fixture.includes('/') ? fixture : join(caseDir(os, fixture), SNAPSHOTS[os].file);
}

/**
 * Environment that points the `os` backend at its double serving `fixture`:
 * SYSGRAB_LIBSYSTEM (macOS), SYSGRAB_KERNEL32 and SYSGRAB_PSAPI (Windows),
 * SYSGRAB_LIBC (OpenBSD). `extra` adds faults (FAKEDARWIN_FAULTS...).
 */
export function platformEnv(os: DoubledPlatform, fixture: string, ffi: Driver = 'koffi', extra: Record<string, string> = {}): Record<string, string> {
  const s = SNAPSHOTS[os];
  const lib = shimLibrary(s.double);
  const libs: Record<DoubledPlatform, Record<string, string>> = {
    darwin: { SYSGRAB_LIBSYSTEM: lib },
    win32: { SYSGRAB_KERNEL32: lib, SYSGRAB_PSAPI: lib },
    openbsd: { SYSGRAB_LIBC: lib },
  };
  return { SYSGRAB_PLATFORM: os, SYSGRAB_FFI: ffi, ...libs[os], [s.variable]: platformSnapshot(os, fixture), ...extra };
}

/** A function of a double, read through koffi (the same loaded copy the backend calls). */
function functionOf(double: PlatformDouble, prototype: string): (...args: unknown[]) => unknown {
  const key = `${double}\0${prototype}`;
  let fn = doubleFunctions.get(key);
  if (!fn) {
    const koffi = require('koffi') as Koffi;
    fn = koffi.load(shimLibrary(double)).func(prototype) as (...args: unknown[]) => unknown;
    doubleFunctions.set(key, fn);
  }
  return fn;
}

/**
 * How many times `double` served `key` since its last reset: a function name
 * (`host_statistics64`, `EnumPageFilesW`, `swapctl`) or `function:detail`
 * (`sysctlbyname:hw.memsize`, `sysctl:vm.uvmexp`, `swapctl:SWAP_STATS`,
 * `EnumPageFilesW:callback`, `host_statistics64:count_above_kernel`).
 */
export function doubleCalls(double: PlatformDouble, key: string): number {
  return functionOf(double, `int ${double}_calls(const char *key)`)(key) as number;
}

export function resetDoubleCalls(double: PlatformDouble): void {
  functionOf(double, `void ${double}_reset_calls(void)`)();
}
