/*
 * Soak: call getMemStats()/getSwapStats() on both backends in a loop (this
 * machine's own: /proc on Linux, sysctl on FreeBSD; and FreeBSD on the shim
 * through koffi, and ffi-rs where it runs; macOS, Windows and OpenBSD on
 * their doubles through both)
 * while a `freecolor -s 0.01` child runs, and check that RSS, heap and open
 * descriptors stay flat, in this process and in the child.
 *
 *   npm run soak -- --minutes N      (or --seconds N; --json for a JSON summary)
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getMemPressure, getMemStats, getSwapStats, type StatOptions } from '../../src/index.js';
import { FREECOLOR } from './helpers.js';
import { type Driver, freebsdEnv, openKvmHandles, platformEnv } from './shim.js';

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

const seconds = arg('seconds') ?? (arg('minutes') ?? 1) * 60;
const asJson = process.argv.includes('--json');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Sample {
  t: number;
  rss: number;
  heap: number;
  fds: number;
  kvm: number;
  childRss: number;
  childFds: number;
}

const linux = process.platform === 'linux';

/** Open descriptors: /proc on Linux; /dev/fd (fdescfs) and procstat(1) on FreeBSD. */
function fdsOf(pid: number | 'self'): number {
  if (linux) return readdirSync(`/proc/${pid}/fd`).length;
  if (pid === 'self') return readdirSync('/dev/fd').length;
  return (
    execFileSync('procstat', ['-f', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n').length - 1
  );
}

/** Resident set size in bytes. */
function rssOf(pid: number | 'self'): number {
  if (pid === 'self') return process.memoryUsage().rss;
  if (linux) {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

async function main(): Promise<void> {
  const env = freebsdEnv('13-laptop-zfs-16g');
  process.env.FAKEBSD_SNAPSHOT = env.FAKEBSD_SNAPSHOT;
  const bsd = (ffi: 'koffi' | 'ffi-rs'): StatOptions => ({ platform: 'freebsd', freebsd: { libc: env.SYSGRAB_LIBC, libkvm: env.SYSGRAB_LIBKVM }, ffi });
  // macOS, Windows and OpenBSD on their doubles: EnumPageFilesW's callback
  // under koffi is the one place a C→JS copy is made per call.
  const darwin = platformEnv('darwin', 'm2pro-16g-pressure');
  const win32 = platformEnv('win32', 'exchange-128g-two-pagefiles');
  const openbsd = platformEnv('openbsd', 'vm-256m-swap-in-use');
  process.env.FAKEDARWIN_SNAPSHOT = darwin.FAKEDARWIN_SNAPSHOT;
  process.env.FAKEWIN_SNAPSHOT = win32.FAKEWIN_SNAPSHOT;
  process.env.FAKEOPENBSD_SNAPSHOT = openbsd.FAKEOPENBSD_SNAPSHOT;
  const platforms = (ffi: Driver): StatOptions[] => [
    { platform: 'darwin', darwin: { libSystem: darwin.SYSGRAB_LIBSYSTEM }, ffi },
    { platform: 'win32', win32: { kernel32: win32.SYSGRAB_KERNEL32, psapi: win32.SYSGRAB_PSAPI }, ffi },
    { platform: 'openbsd', openbsd: { libc: openbsd.SYSGRAB_LIBC }, ffi },
  ];
  const platformCall = (o: StatOptions): void => {
    getMemStats(o);
    if (o.platform === 'darwin') getMemPressure(o);
    if (o.platform !== 'win32' || o.ffi === 'koffi') getSwapStats(o); // ffi-rs cannot answer EnumPageFilesW's callback
  };
  // This machine's own backend, as a service would call it.
  const own: StatOptions = {};
  const withFfiRs = process.platform !== 'freebsd';

  const child = spawn(process.execPath, [FREECOLOR, '-s', '0.01'], { env: { ...process.env, SYSGRAB_PLATFORM: '', HOST_PROC: '', FAKEBSD_SNAPSHOT: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let reports = 0;
  let childErr = '';
  child.stdout.on('data', (d: Buffer) => {
    reports += d.toString().split('\n\n').length - 1;
  });
  child.stderr.on('data', (d: Buffer) => {
    childErr += d;
  });

  const samples: Sample[] = [];
  const calls = { own: 0, koffi: 0, ffiRs: 0, platforms: 0 };
  // A warm-up outside the budget: the JIT, V8's heap and malloc's arenas
  // grow to their working size in the first seconds; a leak goes on growing.
  // ffi-rs takes longest: its native allocations settle after about 5 s of calls.
  const warmUpMs = Math.max(6, seconds / 4) * 1000;
  const start = Date.now() + warmUpMs;
  let nextSample = start;
  while (Date.now() - start < seconds * 1000) {
    for (let i = 0; i < 500; i++) {
      getMemStats(own);
      getSwapStats(own);
      calls.own += 2;
      getMemStats(bsd('koffi'));
      getSwapStats(bsd('koffi'));
      calls.koffi += 2;
    }
    for (let i = 0; withFfiRs && i < 10; i++) {
      getMemStats(bsd('ffi-rs'));
      getSwapStats(bsd('ffi-rs'));
      calls.ffiRs += 2;
    }
    for (const o of platforms('koffi')) for (let i = 0; i < 100; i++, calls.platforms++) platformCall(o);
    for (const o of withFfiRs ? platforms('ffi-rs') : []) for (let i = 0; i < 5; i++, calls.platforms++) platformCall(o);
    if (Date.now() >= nextSample) {
      gc();
      samples.push({
        t: (Date.now() - start) / 1000,
        rss: rssOf('self'),
        heap: process.memoryUsage().heapUsed,
        fds: fdsOf('self'),
        kvm: openKvmHandles(),
        childRss: rssOf(child.pid!),
        childFds: fdsOf(child.pid!),
      });
      nextSample += Math.max(250, (seconds * 1000) / 40);
    }
    // Let the child's output be read.
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGTERM');
  const childStatus = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));

  // Compare the first and last quarters of the samples (all after the warm-up).
  const steady = samples;
  const q = Math.max(1, Math.floor(steady.length / 4));
  const drift = (k: keyof Sample) => median(steady.slice(-q).map((s) => s[k])) - median(steady.slice(0, q).map((s) => s[k]));
  const range = (k: keyof Sample) => Math.max(...steady.map((s) => s[k])) - Math.min(...steady.map((s) => s[k]));
  const MB = 1024 * 1024;
  const summary = {
    seconds,
    calls,
    freecolorReports: reports,
    samples: samples.length,
    rssDriftMB: drift('rss') / MB,
    heapDriftMB: drift('heap') / MB,
    fdRange: range('fds'),
    kvmHandlesMax: Math.max(...samples.map((s) => s.kvm)),
    childRssDriftMB: drift('childRss') / MB,
    childFdRange: range('childFds'),
    childStatus,
    childStderr: childErr,
  };
  const failures: string[] = [];
  if (summary.rssDriftMB > 8) failures.push(`RSS grew ${summary.rssDriftMB.toFixed(2)} MB`);
  if (summary.heapDriftMB > 2) failures.push(`heap grew ${summary.heapDriftMB.toFixed(2)} MB`);
  if (summary.fdRange !== 0) failures.push(`open descriptors varied by ${summary.fdRange}`);
  if (summary.kvmHandlesMax !== 0) failures.push(`${summary.kvmHandlesMax} kvm handles left open`);
  if (summary.childRssDriftMB > 8) failures.push(`freecolor -s RSS grew ${summary.childRssDriftMB.toFixed(2)} MB`);
  if (summary.childFdRange !== 0) failures.push(`freecolor -s descriptors varied by ${summary.childFdRange}`);
  if (childStatus !== 0 || childErr !== '') failures.push(`freecolor -s ended with ${childStatus}: ${childErr}`);
  if (reports < seconds * 10) failures.push(`freecolor -s printed only ${reports} reports`);
  if (samples.length < 4) failures.push('too few samples');
  if (asJson) console.log(JSON.stringify({ ...summary, failures }));
  else {
    console.log(
      `soak ${seconds} s: ${calls.own} ${process.platform}, ${calls.koffi} koffi-on-shim, ${calls.ffiRs} ffi-rs-on-shim, ${calls.platforms} macOS/Windows/OpenBSD-on-doubles calls; freecolor -s 0.01 printed ${reports} reports`,
    );
    console.log(
      `drift first→last quarter: RSS ${summary.rssDriftMB.toFixed(2)} MB, heap ${summary.heapDriftMB.toFixed(2)} MB, fds ±${summary.fdRange}, kvm handles ${summary.kvmHandlesMax}; freecolor RSS ${summary.childRssDriftMB.toFixed(2)} MB, fds ±${summary.childFdRange}`,
    );
    console.log(failures.length ? `FAILED: ${failures.join('; ')}` : 'flat: passed');
  }
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
