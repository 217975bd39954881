import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { reloadEnvironment } from '../../src/options.js';

/** The repository root (tests run from build/test/<dir>/). */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const FREECOLOR = join(ROOT, 'bin', 'freecolor');

/*
 * Fixtures: test/fixtures/<os>/<case>/ holds the host's files (Linux:
 * proc/... and sys/... trees; the BSDs, macOS, Windows: snapshot.* for their
 * ABI double) and expected/: one <getter>.json per getter (mem.json,
 * swap.json, ...) and <command>/<args>.txt per command output (args joined
 * by `_`, `default.txt` for none).
 */

/** The directory of a case. */
export function caseDir(os: string, name: string): string {
  return join(FIXTURES, os, name);
}

/** Cases of `os` that have an expected/<getter>.json (every case when no getter is named). */
export function fixtureCases(os: string, getter?: string): string[] {
  const dir = join(FIXTURES, os);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (getter === undefined || existsSync(join(dir, e.name, 'expected', `${getter}.json`))))
    .map((e) => e.name)
    .sort();
}

/** The procfs root of a Linux case. */
export function procRootOf(name: string, os = 'linux'): string {
  return join(FIXTURES, os, name, 'proc');
}

/** The sysfs root of a Linux case. */
export function sysRootOf(name: string, os = 'linux'): string {
  return join(FIXTURES, os, name, 'sys');
}

/** expected/<getter>.json of a case. */
export function expectedJson<T = unknown>(os: string, name: string, getter: string): T {
  return readJson(join(FIXTURES, os, name, 'expected', `${getter}.json`)) as T;
}

/** expected/<command>/*.txt of a case, with the arguments each file is for. */
export function expectedOutputs(os: string, name: string, command: string): { file: string; args: string[] }[] {
  const dir = join(FIXTURES, os, name, 'expected', command);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const stem = f.slice(0, -'.txt'.length);
      return { file: join(dir, f), args: stem === 'default' ? [] : stem.split('_') };
    });
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Drop undefined fields, as JSON does, so stats compare with expected files. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** The variables that steer sysgrab, its doubles or colour. */
const STEERING = [
  'HOST_PROC',
  'HOST_SYS',
  'SYSGRAB_PLATFORM',
  'SYSGRAB_LIBC',
  'SYSGRAB_LIBKVM',
  'SYSGRAB_LIBSYSTEM',
  'SYSGRAB_KERNEL32',
  'SYSGRAB_PSAPI',
  'SYSGRAB_FFI',
  'SYSGRAB_SCOPE',
  'NO_COLOR',
  'FORCE_COLOR',
  'CI',
  'COLORTERM',
  'FAKEBSD_SNAPSHOT',
  'FAKEBSD_FAULTS',
  'FAKEBSD_XSWDEV',
  'FAKEDARWIN_SNAPSHOT',
  'FAKEDARWIN_FAULTS',
  'FAKEWIN_SNAPSHOT',
  'FAKEWIN_FAULTS',
  'FAKEOPENBSD_SNAPSHOT',
  'FAKEOPENBSD_FAULTS',
];

/**
 * An environment without the variables that steer sysgrab or colour. CI is
 * among them: chalk turns colour off on a terminal when CI is set, and the
 * tests must see the same on a developer's machine and in CI.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of STEERING) delete env[k];
  for (const k of Object.keys(env)) if (/^(SYSGRAB_|FAKE[A-Z]*_)/.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** Run bin/freecolor with a clean environment plus `env`; stdout is a pipe. */
export function freecolor(args: string[], env: Record<string, string> = {}, timeout = 20000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [FREECOLOR, ...args], { env: cleanEnv(env), encoding: 'utf8', timeout });
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix = 'sysgrab-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Set `vars` (undefined deletes), tell sysgrab to read its environment again, and return the undo. */
function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  reloadEnvironment();
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    reloadEnvironment();
  };
}

/**
 * Run `fn` with environment variables set, restoring them after. sysgrab
 * reads its environment once, so it is told to read it again on the way in
 * and on the way out.
 */
export function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const restore = setEnv(vars);
  try {
    return fn();
  } finally {
    restore();
  }
}

/** withEnv for async work. */
export async function withEnvAsync<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const restore = setEnv(vars);
  try {
    return await fn();
  } finally {
    restore();
  }
}

/**
 * How many file descriptors this process has open now: /proc/self/fd on
 * Linux, /dev/fd on FreeBSD (complete once fdescfs is mounted there, as the
 * Vagrant provisioning does).
 */
export function openFdCount(): number {
  return readdirSync(process.platform === 'linux' ? '/proc/self/fd' : '/dev/fd').length;
}

/** Is `command` on the PATH? */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The cgroup v1 memory hierarchy that live tests create cgroups in. */
export const CGROUP_V1_MEMORY = '/sys/fs/cgroup/memory';

/** Why this machine cannot host a v1 memory cgroup made by a test (a skip reason), or undefined when it can. */
export function cgroupV1Unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'cgroups are Linux only';
  if (process.getuid?.() !== 0) return 'creating cgroups needs root';
  if (!existsSync(`${CGROUP_V1_MEMORY}/memory.limit_in_bytes`)) return `no cgroup v1 memory hierarchy at ${CGROUP_V1_MEMORY}`;
  try {
    accessSync(CGROUP_V1_MEMORY, constants.W_OK);
  } catch {
    return `${CGROUP_V1_MEMORY} is not writable (a read-only cgroup mount, as in most containers)`;
  }
  return undefined;
}
