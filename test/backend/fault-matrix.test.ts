import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closeProcFiles, getMemStats, getSwapStats, StatError } from '../../src/index.js';
import { keptProcFiles } from '../../src/linux/read.js';
import { FILE_FAULTS, NATIVE_FAULTS, type Outcome } from '../support/fault-matrix.js';
import { expectedJson, openFdCount, plain, procRootOf, ROOT, tempDir, withEnv } from '../support/helpers.js';
import { DRIVERS, freebsdEnv, openKvmHandles, resetShimCalls, shimCalls, shimLibrary, shimUnavailable } from '../support/shim.js';

const FIXTURE = '13-laptop-zfs-16g';
const expected = { mem: expectedJson<Record<string, unknown>>('freebsd', FIXTURE, 'mem'), swap: expectedJson<{ devices: { name: string }[] }>('freebsd', FIXTURE, 'swap') };

function outcomeOf(fn: () => unknown): { value?: unknown; error?: StatError } {
  try {
    return { value: plain(fn()) };
  } catch (err) {
    assert.ok(err instanceof StatError, `threw ${err}`);
    return { error: err };
  }
}

function assertError(got: { error?: StatError }, want: Extract<Outcome, { kind: 'error' }>, arg: string): void {
  assert.ok(got.error, 'expected a StatError');
  assert.equal(got.error.code, want.code);
  assert.equal(got.error.arg, arg);
  assert.equal(got.error.errno, want.errno);
  assert.equal(JSON.parse(JSON.stringify(got.error)).code, want.code, 'JSON keeps the code');
  assert.ok(got.error.message.length > 20 && !/undefined|NaN/.test(got.error.message), got.error.message);
}

describe('fault matrix: native calls (FreeBSD backend through the shim)', { skip: shimUnavailable() ?? false }, () => {
  before(() => shimLibrary());
  for (const ffi of DRIVERS) {
    for (const row of NATIVE_FAULTS) {
      it(`${ffi}: ${row.call === 'mem' ? 'getMemStats' : 'getSwapStats'}, ${row.target}: ${row.inject || 'library'} → ${row.outcome.kind}`, () => {
        const extra: Record<string, string> = { FAKEBSD_FAULTS: row.inject };
        if (row.target.includes('xswdev v1')) extra.FAKEBSD_XSWDEV = '1';
        const env = freebsdEnv(FIXTURE, ffi, extra);
        if (row.libc) env.SYSGRAB_LIBC = row.libc;
        if (row.libkvm) env.SYSGRAB_LIBKVM = row.libkvm;
        const fds = openFdCount();
        const handles = openKvmHandles();
        resetShimCalls();
        const got = withEnv(env, () => outcomeOf(() => (row.call === 'mem' ? getMemStats() : getSwapStats())));
        const o = row.outcome;
        if (o.kind === 'error') assertError(got, o, o.arg === '<shim>' ? shimLibrary() : o.arg);
        else if (o.kind === 'fallback') {
          assert.deepEqual(got.value, expected.swap);
          // The figures alone cannot tell the paths apart: the counts can.
          const devices = expected.swap.devices.length;
          assert.equal(shimCalls('kvm_getswapinfo'), o.kvmCalls, 'kvm_getswapinfo calls');
          assert.equal(shimCalls('sysctl:vm.swap_info'), devices + 1, `vm.swap_info read for ${devices} devices and the ENOENT after them`);
          assert.equal(shimCalls(`xswdev:${o.xswdev}`), devices, `struct xswdev ${o.xswdev} served`);
        } else {
          assert.ok(!got.error, got.error?.message);
          const v = got.value as Record<string, unknown> & { devices?: { name: string }[] };
          if (o.value === 'hw.pagesize') assert.deepEqual(v, expected.mem);
          else if (o.value === '#dev') assert.match(v.devices![0]!.name, /^#\d+$/);
          else assert.equal(v[o.field], o.value);
        }
        assert.equal(openKvmHandles(), handles, 'kvm handles left open');
        assert.equal(openFdCount(), fds, 'descriptors left open');
      });
    }
  }
});

describe('fault matrix: files (Linux backend)', () => {
  const tmp = tempDir('sysgrab-faults-');
  after(tmp.remove);
  // Each row counts this process's descriptors before and after. When this is the first suite to
  // run (no C compiler: the native one above is skipped), Node opens its own lazily during the
  // first row (the thread pool's, a spawn's pipes): open them first, so the count is sysgrab's.
  before(async () => {
    getMemStats({ platform: 'linux', procRoot: procRootOf('large-swap-in-use-4g') });
    closeProcFiles();
    const child = spawn('true');
    await new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 50));
  });
  let n = 0;
  const isRoot = process.getuid?.() === 0;
  const hasSetpriv = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;

  /** A procRoot with good files, then `breakIt` applied. */
  function root(breakIt: (dir: string) => void): string {
    const dir = join(tmp.dir, `r${n++}`);
    mkdirSync(dir);
    chmodSync(tmp.dir, 0o755);
    chmodSync(dir, 0o755);
    copyFileSync(join(procRootOf('large-swap-in-use-4g'), 'meminfo'), join(dir, 'meminfo'));
    copyFileSync(join(procRootOf('large-swap-in-use-4g'), 'swaps'), join(dir, 'swaps'));
    breakIt(dir);
    return dir;
  }

  function setup(file: string, fault: string): (dir: string) => void {
    const path = (dir: string) => join(dir, file);
    const { rmSync } = require('node:fs') as typeof import('node:fs');
    switch (fault) {
      case 'ENOENT':
        return (d) => rmSync(path(d));
      case 'EISDIR':
        return (d) => {
          rmSync(path(d));
          mkdirSync(path(d));
        };
      case 'EIO':
        return (d) => {
          rmSync(path(d));
          symlinkSync('/proc/self/mem', path(d));
        };
      case 'EACCES':
        return (d) => chmodSync(path(d), 0);
      case 'FIFO':
        return (d) => {
          rmSync(path(d));
          const r = spawnSync('mkfifo', [path(d)]);
          assert.equal(r.status, 0, 'mkfifo');
        };
      case 'device':
        return (d) => {
          rmSync(path(d));
          symlinkSync('/dev/zero', path(d));
        };
      case 'too large':
        return (d) => writeFileSync(path(d), `${'MemTotal: 1 kB\n'.repeat(150_000)}`);
      default:
        throw new Error(fault);
    }
  }

  for (const row of FILE_FAULTS) {
    const title = `${row.call === 'mem' ? 'getMemStats' : 'getSwapStats'}: ${row.file} ${row.fault} (${row.how}) → ${row.outcome.kind}`;
    const skip =
      row.linuxOnly && process.platform !== 'linux'
        ? 'produced with a Linux procfs file'
        : row.fault === 'EACCES' && isRoot && !hasSetpriv
          ? 'running as root without setpriv(1): cannot read as an unprivileged user'
          : false;
    it(title, { skip }, async () => {
      closeProcFiles();
      const fds = openFdCount();
      let dir: string;
      let got: { value?: unknown; error?: StatError };
      if (row.file === 'procRoot') {
        dir = join(tmp.dir, 'nowhere');
        got = outcomeOf(() => getMemStats({ platform: 'linux', procRoot: dir }));
      } else if (row.fault === 'vanished') {
        const child = spawn('sleep', ['30']);
        dir = root((d) => {
          const { rmSync } = require('node:fs') as typeof import('node:fs');
          rmSync(join(d, 'meminfo'));
          symlinkSync(`/proc/${child.pid}/stat`, join(d, 'meminfo'));
        });
        // The first call keeps the procfs descriptor open (and fails to
        // parse a stat line); the process then exits and the next call must
        // notice the dead descriptor, drop it and report the file gone.
        assert.equal(outcomeOf(() => getMemStats({ platform: 'linux', procRoot: dir })).error?.code, 'PARSE');
        assert.equal(keptProcFiles(), 1);
        child.kill('SIGKILL');
        await new Promise((r) => child.on('exit', r));
        await new Promise((r) => setTimeout(r, 50));
        got = outcomeOf(() => getMemStats({ platform: 'linux', procRoot: dir }));
        assert.equal(keptProcFiles(), 0);
      } else if (row.fault === 'EACCES' && isRoot) {
        dir = root(setup(row.file, row.fault));
        // Root reads any file: ask as nobody, in a child process.
        const script = `const s=require(${JSON.stringify(join(ROOT, 'build', 'src', 'index.js'))});try{s.${row.call === 'mem' ? 'getMemStats' : 'getSwapStats'}({platform:'linux',procRoot:${JSON.stringify(dir)}});console.log('{}')}catch(e){console.log(JSON.stringify({code:e.code,arg:e.arg,errno:e.errno,message:e.message}))}`;
        const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const e = JSON.parse(r.stdout);
        got = { error: Object.assign(new StatError(e.code, e.arg, e.message, e.errno)) };
      } else {
        dir = root(setup(row.file, row.fault));
        got = outcomeOf(() => (row.call === 'mem' ? getMemStats({ platform: 'linux', procRoot: dir }) : getSwapStats({ platform: 'linux', procRoot: dir })));
      }
      const o = row.outcome;
      if (o.kind === 'error') assertError(got, o, o.arg.replace('<root>', dir));
      else if (o.kind === 'no-devices') {
        assert.ok(!got.error, got.error?.message);
        const swap = got.value as { devices?: unknown; total: number };
        assert.equal(swap.devices, undefined);
        assert.equal(swap.total, 16777212 * 1024);
      }
      closeProcFiles();
      assert.equal(openFdCount(), fds, 'descriptors left open');
    });
  }
});
