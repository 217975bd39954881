import { StatError } from './errors.js';
import type { Scope, StatOptions } from './types/options.js';

/*
 * The one place that reads the environment. Each option wins over its
 * variable, which wins over the default; an empty variable counts as unset.
 *
 * The environment is read once, on first use, and kept: a look-up in
 * process.env costs about as much as parsing a dozen lines of
 * /proc/meminfo, and getters sit in tight loops. A process that changes
 * these variables after its first call calls reloadEnvironment().
 */

/** The variables sysgrab reads, as they were when last read. */
interface Environment {
  readonly platform: string | undefined;
  readonly procRoot: string | undefined;
  readonly sysRoot: string | undefined;
  readonly ffi: string | undefined;
  readonly libc: string | undefined;
  readonly libkvm: string | undefined;
  readonly libjail: string | undefined;
  readonly scope: string | undefined;
  readonly utmp: string | undefined;
  readonly libSystem: string | undefined;
  readonly kernel32: string | undefined;
  readonly psapi: string | undefined;
}

function readEnvironment(env: NodeJS.ProcessEnv): Environment {
  const get = (name: string) => env[name] || undefined;
  return {
    platform: get('SYSGRAB_PLATFORM'),
    procRoot: get('HOST_PROC'),
    sysRoot: get('HOST_SYS'),
    ffi: get('SYSGRAB_FFI'),
    libc: get('SYSGRAB_LIBC'),
    libkvm: get('SYSGRAB_LIBKVM'),
    libjail: get('SYSGRAB_LIBJAIL'),
    scope: get('SYSGRAB_SCOPE'),
    utmp: get('SYSGRAB_UTMP'),
    libSystem: get('SYSGRAB_LIBSYSTEM'),
    kernel32: get('SYSGRAB_KERNEL32'),
    psapi: get('SYSGRAB_PSAPI'),
  };
}

/** Options and environment, resolved: what every backend is handed. */
export interface Resolved {
  /** Lower case: `linux`, `freebsd`, ... */
  readonly platform: string;
  readonly procRoot: string;
  /** What chose `procRoot` when it is not the default (`HOST_PROC=/x`), for error messages. */
  readonly procOrigin: string | undefined;
  readonly sysRoot: string;
  readonly sysOrigin: string | undefined;
  /** The FFI package's name as given; checked when it is loaded. */
  readonly ffi: string;
  /** Host or container figures (`scope` / SYSGRAB_SCOPE / `host`). */
  readonly scope: Scope;
  /** The caller's options, for the per-platform groups. */
  readonly options: StatOptions | undefined;
  readonly env: Environment;
}

let environment: Environment | undefined;
let defaults: Resolved | undefined;

/** Read the environment again on the next call (after a process changed HOST_PROC & co.). */
export function reloadEnvironment(): void {
  environment = undefined;
  defaults = undefined;
}

function origin(option: string | undefined, optionName: string, variable: string | undefined, variableName: string): string | undefined {
  if (option !== undefined) return `${optionName} option "${option}"`;
  if (variable !== undefined) return `${variableName}=${variable}`;
  return undefined;
}

function resolve(o: StatOptions | undefined, env: Environment): Resolved {
  const platform = o?.platform ?? env.platform;
  return {
    platform: platform === undefined ? process.platform : platform.toLowerCase(),
    procRoot: o?.procRoot ?? env.procRoot ?? '/proc',
    procOrigin: origin(o?.procRoot, 'procRoot', env.procRoot, 'HOST_PROC'),
    sysRoot: o?.sysRoot ?? env.sysRoot ?? '/sys',
    sysOrigin: origin(o?.sysRoot, 'sysRoot', env.sysRoot, 'HOST_SYS'),
    ffi: o?.ffi ?? env.ffi ?? 'koffi',
    scope: scopeOf(o?.scope, env.scope),
    options: o,
    env,
  };
}

const SCOPES: readonly string[] = ['host', 'container', 'auto'];

/** @throws StatError `UNSUPPORTED` naming the option or variable for a scope that is none of host, container, auto. */
function scopeOf(option: string | undefined, variable: string | undefined): Scope {
  const scope = option ?? variable ?? 'host';
  if (!SCOPES.includes(scope)) {
    const what = option !== undefined ? `the scope option "${option}"` : `SYSGRAB_SCOPE=${variable}`;
    throw new StatError('UNSUPPORTED', 'scope', `${what} is not a scope sysgrab knows: use host, container or auto`);
  }
  return scope as Scope;
}

/** Options, then the environment, then the defaults, as one value object. */
export function resolveOptions(o?: StatOptions): Resolved {
  environment ??= readEnvironment(process.env);
  if (o === undefined) return (defaults ??= resolve(undefined, environment));
  return resolve(o, environment);
}

/** FreeBSD's libc: `freebsd.libc` / SYSGRAB_LIBC / `libc.so.7`. */
export function freebsdLibc(r: Resolved): string {
  return r.options?.freebsd?.libc ?? r.env.libc ?? 'libc.so.7';
}

/** FreeBSD's libkvm: `freebsd.libkvm` / SYSGRAB_LIBKVM / `libkvm.so.7`. */
export function freebsdLibkvm(r: Resolved): string {
  return r.options?.freebsd?.libkvm ?? r.env.libkvm ?? 'libkvm.so.7';
}

/** FreeBSD's libjail: `freebsd.libjail` / SYSGRAB_LIBJAIL / `libjail.so.1`. */
export function freebsdLibjail(r: Resolved): string {
  return r.options?.freebsd?.libjail ?? r.env.libjail ?? 'libjail.so.1';
}

/** The login records file: `utmp` / SYSGRAB_UTMP / the platform's (`/var/run/utx.active` on FreeBSD, else `/var/run/utmp`). */
export function utmpPath(r: Resolved): string {
  return r.options?.utmp ?? r.env.utmp ?? (r.platform === 'freebsd' ? '/var/run/utx.active' : '/var/run/utmp');
}

/** What chose the login records file, for error messages (undefined for the default). */
export function utmpOrigin(r: Resolved): string | undefined {
  if (r.options?.utmp !== undefined) return `utmp option "${r.options.utmp}"`;
  if (r.env.utmp !== undefined) return `SYSGRAB_UTMP=${r.env.utmp}`;
  return undefined;
}

/** macOS's libSystem: `darwin.libSystem` / SYSGRAB_LIBSYSTEM / `/usr/lib/libSystem.B.dylib`. */
export function darwinLibSystem(r: Resolved): string {
  return r.options?.darwin?.libSystem ?? r.env.libSystem ?? '/usr/lib/libSystem.B.dylib';
}

/** Windows' kernel32: `win32.kernel32` / SYSGRAB_KERNEL32 / `kernel32.dll`. */
export function win32Kernel32(r: Resolved): string {
  return r.options?.win32?.kernel32 ?? r.env.kernel32 ?? 'kernel32.dll';
}

/** Windows' psapi: `win32.psapi` / SYSGRAB_PSAPI / `psapi.dll`. */
export function win32Psapi(r: Resolved): string {
  return r.options?.win32?.psapi ?? r.env.psapi ?? 'psapi.dll';
}

/**
 * OpenBSD's libc: `openbsd.libc` / SYSGRAB_LIBC / `libc.so`. OpenBSD bumps
 * libc's version with releases (libc.so.100.3); its ld.so resolves the bare
 * name to the installed one.
 */
export function openbsdLibc(r: Resolved): string {
  return r.options?.openbsd?.libc ?? r.env.libc ?? 'libc.so';
}
