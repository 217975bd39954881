import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/statgrab/main.js';
import { caseDir, cleanEnv, hasCommand, readJson, ROOT, withEnvAsync } from './helpers.js';

/*
 * What the statgrab tests share: running sysgrab's statgrab in this process,
 * Debian's statgrab (the oracle) over a fixture in a private mount
 * namespace, masking time values, the documented corrections, and the
 * FreeBSD login records file a snapshot describes.
 */

export const STATGRAB = join(ROOT, 'bin', 'statgrab');

/** sysgrab's statgrab with `args`, in this process, with environment `env`. */
export async function statgrabRun(args: string[], env: Record<string, string | undefined>): Promise<{ stdout: string; stderr: string; status: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  err.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const status = await withEnvAsync(env, () => main(args, out as unknown as NodeJS.WriteStream, err as unknown as NodeJS.WriteStream));
  return { stdout, stderr, status };
}

/** The environment that points sysgrab at a Linux case. */
export function linuxCaseEnv(name: string): Record<string, string | undefined> {
  const dir = caseDir('linux', name);
  return { SYSGRAB_PLATFORM: 'linux', HOST_PROC: join(dir, 'proc'), HOST_SYS: join(dir, 'sys'), SYSGRAB_UTMP: join(dir, 'utmp') };
}

/** Why the oracle cannot run here, or false. */
export function oracleUnavailable(): string | false {
  if (process.platform !== 'linux') return 'the oracle bind-mounts over Linux /proc';
  if (!hasCommand('statgrab') || !hasCommand('unshare')) return 'statgrab or unshare is not installed (.ci/run installs the statgrab Debian package)';
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'unshare -m is not permitted here (needs CAP_SYS_ADMIN)';
  // Cases with interfaces are mirrored in a network namespace (test/support/mirror-netns.sh).
  if (!hasCommand('ip') || !hasCommand('ethtool')) return 'ip or ethtool is not installed (.ci/run installs iproute2 and ethtool)';
  if (spawnSync('unshare', ['-m', '-n', 'true']).status !== 0) return 'unshare -n is not permitted here (needs CAP_SYS_ADMIN)';
  return false;
}

export const MIRROR_NETNS = join(ROOT, 'test', 'support', 'mirror-netns.sh');

const MOUNTS = `set -e
C=$1; M=$2; shift 2
if [ -d "$C/sys/class/net" ]; then
  "$M" "$C" >/dev/null
  mount -t sysfs sysfs /sys
fi
mount --bind "$C/proc" /proc
for f in online possible; do
  if [ -e "$C/sys/devices/system/cpu/$f" ]; then mount --bind "$C/sys/devices/system/cpu/$f" "/sys/devices/system/cpu/$f"; fi
done
mount -t tmpfs none /run
touch /run/utmp
if [ -e "$C/utmp" ]; then mount --bind "$C/utmp" /run/utmp; fi
exec "$@"`;

/**
 * `command args` in a private mount namespace where a Linux case is /proc,
 * its CPU lists are sysfs's and its utmp is /run/utmp (each case's README
 * records this command). A case with network interfaces (sys/class/net)
 * also gets a private network namespace where test/support/mirror-netns.sh
 * recreated them, and a sysfs of that namespace over /sys. Debian's
 * statgrab and sysgrab's (default options: it reads /proc and /sys as any
 * process does) read the very same files and interfaces.
 */
export function inCase(name: string, command: string[], timeout = 20000) {
  const dir = caseDir('linux', name);
  const namespaces = existsSync(join(dir, 'sys', 'class', 'net')) ? ['-m', '-n'] : ['-m'];
  return spawnSync('unshare', [...namespaces, 'sh', '-c', MOUNTS, 'sh', dir, MIRROR_NETNS, ...command], { encoding: 'utf8', timeout, env: cleanEnv() });
}

/**
 * The arguments an expected/statgrab file is for. Files join them with `_`,
 * which stat names contain too (`general.ncpus_cfg`): a piece without a dot
 * that follows a stat name belongs to it.
 */
export function statgrabArgs(file: string): string[] {
  const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.txt$/, '');
  if (stem === 'default') return [];
  const args: string[] = [];
  for (const piece of stem.split('_')) {
    const last = args[args.length - 1];
    if (last?.includes('.') && !last.startsWith('-') && /^[a-z][a-z0-9]*$/.test(piece)) args[args.length - 1] = `${last}_${piece}`;
    else args.push(piece);
  }
  return args;
}

const TIME_KEYS = new Set(['cpu.systime', 'page.systime', 'cpu.time_taken']);
/** disk.<name>.systime and net.<if>.systime: each device's time of reading. */
const isTimeKey = (name: string) => TIME_KEYS.has(name) || /^(disk|net)\..+\.systime$/.test(name);

/**
 * Replace time values as the expected files have them: `<NOW>` for a time
 * of reading within [t0, t1], `<ELAPSED>` for seconds between the two reads
 * of -o (0 to 3). A value out of range is left as it is, so the comparison
 * fails and shows it. Plain output (-u) has no names: there a line that is
 * a time within [t0, t1] is `<NOW>` (no counter of the fixtures is one).
 */
export function maskTimes(text: string, args: readonly string[], t0: number, t1: number): string {
  const graphite = args.includes('-r') || args.includes('-R');
  const plain = args.includes('-u') && !args.includes('-o');
  const diffs = args.includes('-o');
  const now = (v: string) => (Number(v) >= t0 && Number(v) <= t1 ? '<NOW>' : v);
  return text
    .split('\n')
    .map((line) => {
      if (plain) return /^\d+$/.test(line) ? now(line) : line;
      if (graphite) {
        const m = /^(\S+) (\S+) (\d+)$/.exec(line);
        if (!m) return line;
        const name = args.includes('-R') ? m[1]!.slice(m[1]!.indexOf('.') + 1) : m[1]!;
        return `${m[1]} ${isTimeKey(name) ? now(m[2]!) : m[2]} ${now(m[3]!)}`;
      }
      for (const sep of [' = ', ': ']) {
        const at = line.indexOf(sep);
        if (at > 0 && isTimeKey(line.slice(0, at))) {
          const v = line.slice(at + sep.length);
          const masked = diffs ? (Number(v) >= 0 && Number(v) <= 3 ? '<ELAPSED>' : v) : now(v);
          return line.slice(0, at) + sep + masked;
        }
      }
      return line;
    })
    .join('\n');
}

export interface Corrections {
  files: Record<string, Record<string, string | string[]>>;
}

/** A case's expected/statgrab-corrections.json (empty when it has none). */
export function corrections(name: string): Corrections {
  try {
    return readJson(join(caseDir('linux', name), 'expected', 'statgrab-corrections.json')) as Corrections;
  } catch {
    return { files: {} };
  }
}

/**
 * The oracle's output with the documented corrections applied: what sysgrab
 * must print. Each correction must find its oracle line (else it documents
 * nothing): the returned `missing` lists those that did not.
 */
export function corrected(oracle: string, fix: Record<string, string | string[]> | undefined): { text: string; missing: string[] } {
  if (fix === undefined) return { text: oracle, missing: [] };
  const whole = fix.__lines__;
  if (Array.isArray(whole)) return { text: whole.join('\n'), missing: [] };
  const lines = oracle.split('\n');
  const missing: string[] = [];
  for (const [from, to] of Object.entries(fix)) {
    const i = lines.indexOf(from);
    if (i < 0) missing.push(from);
    else lines[i] = to as string;
  }
  return { text: lines.join('\n'), missing };
}

/**
 * Write the /var/run/utx.active a FreeBSD snapshot's `utx:` lines describe:
 * 197-byte struct futx records (lib/libc/gen/utxdb.h), integers big-endian.
 */
export function writeUtxActive(snapshot: string, file: string): void {
  const records: Buffer[] = [];
  for (const line of readFileSync(snapshot, 'utf8').split('\n')) {
    if (!line.startsWith('utx:')) continue;
    const kv = Object.fromEntries([...line.slice(4).matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1]!, m[2]!]));
    const b = Buffer.alloc(197);
    b[0] = Number(kv.type);
    b.writeBigUInt64BE(BigInt(kv.tv ?? '0'), 1);
    b.write(kv.id ?? '', 9, 8, 'utf8');
    b.writeUInt32BE(Number(kv.pid ?? 0), 17);
    b.write(kv.user ?? '', 21, 32, 'utf8');
    b.write(kv.line ?? '', 53, 16, 'utf8');
    b.write(kv.host ?? '', 69, 128, 'utf8');
    records.push(b);
  }
  writeFileSync(file, Buffer.concat(records));
}

/**
 * Deep equality with `expected` (a parsed JSON file), doubles within a
 * relative 1e-9; keys whose actual value is undefined are ignored, as JSON
 * drops them.
 */
export function closeTo(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} is not ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    for (const [i, e] of expected.entries()) closeTo(actual[i], e, `${path}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: not an object`);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = (o: Record<string, unknown>) =>
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort();
    assert.deepEqual(keys(a), keys(e), `${path}: fields`);
    for (const k of keys(e)) closeTo(a[k], e[k], `${path}.${k}`);
    return;
  }
  assert.equal(actual, expected, path);
}
