import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (tests run from build/test/). */
export const ROOT = resolve(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const LINUX_FIXTURES = join(FIXTURES, 'linux');
export const FREEBSD_FIXTURES = join(FIXTURES, 'freebsd');
export const FREECOLOR = join(ROOT, 'bin', 'freecolor');

/** Fixture names: the directories (Linux) or `*.sysctl` files (FreeBSD). */
export function linuxFixtureNames(): string[] {
  return readdirSync(LINUX_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'expected')
    .map((e) => e.name)
    .sort();
}

export function freebsdFixtureNames(): string[] {
  return readdirSync(FREEBSD_FIXTURES).filter((f) => f.endsWith('.sysctl')).map((f) => f.slice(0, -'.sysctl'.length)).sort();
}

/** `expected/<name>.freecolor-o-t.txt` → the flags `['-o', '-t']`. */
export function expectedOutputs(dir: string, name: string): { file: string; flags: string[] }[] {
  const prefix = `${name}.freecolor`;
  return readdirSync(join(dir, 'expected'))
    .filter((f) => f.startsWith(prefix) && f.endsWith('.txt'))
    .map((f) => {
      const suffix = f.slice(prefix.length, -'.txt'.length);
      const flags = suffix.split('-').filter(Boolean).map((x) => `-${x}`);
      return { file: join(dir, 'expected', f), flags };
    });
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Drop undefined fields, as JSON does, so stats compare with expected files. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/**
 * An environment without the variables that steer sysgrab or colour. CI is
 * among them: chalk turns colour off on a terminal when CI is set, and the
 * tests must see the same on a developer's machine and in CI.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['HOST_PROC', 'SYSGRAB_PLATFORM', 'SYSGRAB_LIBC', 'SYSGRAB_LIBKVM', 'SYSGRAB_FFI', 'NO_COLOR', 'FORCE_COLOR', 'CI', 'COLORTERM', 'FAKEBSD_SNAPSHOT', 'FAKEBSD_FAULTS', 'FAKEBSD_XSWDEV']) delete env[k];
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

/** Run `fn` with environment variables set, restoring them after. */
export function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
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
