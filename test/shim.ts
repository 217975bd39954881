import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { FREEBSD_FIXTURES, ROOT } from './helpers.js';

let built: string | undefined;

/** Build native-shims/ with the system cc (once per process) and return the library's path. */
export function shimLibrary(): string {
  built ??= execFileSync('sh', [join(ROOT, 'native-shims', 'build.sh')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  return built;
}

export type Driver = 'koffi' | 'ffi-rs';
/** The drivers this OS can run: ffi-rs ships no FreeBSD binaries. */
export const DRIVERS: Driver[] = process.platform === 'freebsd' ? ['koffi'] : ['koffi', 'ffi-rs'];

/** A real shared library without sysctl or kvm functions, for LIBRARY errors. */
export const LIBRARY_WITHOUT_SYMBOLS = process.platform === 'freebsd' ? 'libm.so.5' : 'libm.so.6';

/** Environment that points the FreeBSD backend at the shim serving `fixture`. */
export function freebsdEnv(fixture: string, ffi: Driver = 'koffi', extra: Record<string, string> = {}): Record<string, string> {
  const lib = shimLibrary();
  return {
    SYSGRAB_PLATFORM: 'freebsd',
    SYSGRAB_LIBC: lib,
    SYSGRAB_LIBKVM: lib,
    SYSGRAB_FFI: ffi,
    FAKEBSD_SNAPSHOT: fixture.includes('/') ? fixture : join(FREEBSD_FIXTURES, `${fixture}.sysctl`),
    ...extra,
  };
}

/** The shim's count of open kvm handles, read through koffi. */
export function openKvmHandles(): number {
  const koffi = require('koffi') as typeof import('koffi', { with: { 'resolution-mode': 'require' } });
  const fn = koffi.load(shimLibrary()).func('int fakebsd_open_handles(void)');
  return fn() as number;
}
