import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { closeProcFiles, getContainerMemStats, getMemPressure, getMemStats, getSwapStats, StatError, type StatOptions } from '../../../src/index.js';
import { noPsi } from '../../../src/linux/container.js';
import { caseDir, expectedJson, fixtureCases, openFdCount, plain, procRootOf, ROOT, sysRootOf, tempDir, withEnv } from '../../support/helpers.js';
import { assertValidMem, assertValidSwap, expectStatError } from '../../support/invariants.js';

/*
 * getContainerMemStats(), getMemPressure() and the scope option against the
 * test/fixtures/linux/<case>/{proc,sys} trees: each expected/*.json was
 * worked out by hand from the kernel's documented formats (the arithmetic is
 * in each case's README). Then the faults: unreadable, malformed and
 * vanishing cgroup files, each a StatError naming the file, with no
 * descriptor left open.
 */

const cases = fixtureCases('linux', 'container');
const optionsOf = (name: string): StatOptions => ({ platform: 'linux', procRoot: procRootOf(name), sysRoot: sysRootOf(name) });
const envOf = (name: string) => ({ SYSGRAB_PLATFORM: 'linux', HOST_PROC: procRootOf(name), HOST_SYS: sysRootOf(name) });
const json = (v: unknown) => plain(v === undefined ? null : v);

describe('container fixtures give exactly the expected figures', () => {
  it('has the cases the issue asks for', () => assert.ok(cases.length >= 11, `found ${cases.length}`));
  for (const name of cases) {
    const o = optionsOf(name);
    const want = (getter: string) => expectedJson('linux', name, getter);
    it(`${name}: getContainerMemStats()`, () => assert.deepEqual(json(getContainerMemStats(o)), want('container')));
    it(`${name}: getContainerMemStats() through HOST_PROC and HOST_SYS`, () => {
      assert.deepEqual(json(withEnv(envOf(name), () => getContainerMemStats())), want('container'));
    });
    it(`${name}: host scope is the default and ignores the cgroup`, () => {
      assert.deepEqual(json({ mem: getMemStats(o), swap: getSwapStats(o) }), { mem: want('mem'), swap: want('swap') });
      assert.deepEqual(json(getMemStats({ ...o, scope: 'host' })), want('mem'));
    });
    it(`${name}: container scope, by option and by SYSGRAB_SCOPE`, () => {
      const mem = getMemStats({ ...o, scope: 'container' });
      const swap = getSwapStats({ ...o, scope: 'container' });
      assert.deepEqual(json(mem), want('mem-container'));
      assert.deepEqual(json(swap), want('swap-container'));
      assertValidMem(mem);
      assertValidSwap(swap);
      const viaEnv = withEnv({ ...envOf(name), SYSGRAB_SCOPE: 'container' }, () => ({ mem: getMemStats(), swap: getSwapStats() }));
      assert.deepEqual(json(viaEnv), { mem: want('mem-container'), swap: want('swap-container') });
    });
    it(`${name}: auto scope is the container's exactly where a limit applies`, () => {
      const c = want('container') as { limit?: number } | null;
      const limited = c !== null && c.limit !== undefined;
      assert.deepEqual(json(getMemStats({ ...o, scope: 'auto' })), want(limited ? 'mem-container' : 'mem'));
      assert.deepEqual(json(getSwapStats({ ...o, scope: 'auto' })), want(limited ? 'swap-container' : 'swap'));
    });
    it(`${name}: getMemPressure(), host and container scope`, () => {
      assert.deepEqual(json(getMemPressure(o)), want('pressure'));
      assert.deepEqual(json(getMemPressure({ ...o, scope: 'container' })), want('pressure-container'));
    });
  }
});

describe('finding the cgroup', () => {
  const tmp = tempDir('sysgrab-cgroup-');
  after(tmp.remove);
  const copy = (name: string, as: string): string => {
    const dir = join(tmp.dir, as);
    cpSync(caseDir('linux', name), dir, { recursive: true });
    return dir;
  };
  const at = (dir: string): StatOptions => ({ platform: 'linux', procRoot: join(dir, 'proc'), sysRoot: join(dir, 'sys') });

  it('follows /proc/self/cgroup when it changes between calls (the process was moved)', () => {
    const dir = copy('systemd-service-parent-slice', 'moved');
    assert.equal(getContainerMemStats(at(dir))!.limitPath, '/app.slice');
    // Moved to a sibling service limited to 512 MiB: that limit is now the smallest.
    const cg = join(dir, 'sys/fs/cgroup/app.slice');
    cpSync(join(cg, 'api.service'), join(cg, 'batch.service'), { recursive: true });
    writeFileSync(join(cg, 'batch.service/memory.max'), '536870912\n');
    writeFileSync(join(dir, 'proc/self/cgroup'), '0::/app.slice/batch.service\n');
    const c = getContainerMemStats(at(dir))!;
    assert.equal(c.path, '/app.slice/batch.service');
    assert.equal(c.limit, 536870912);
    assert.equal(c.limitPath, '/app.slice/batch.service');
  });
  it('a cgroup without memory files of its own is counted in the nearest one that has them', () => {
    const dir = copy('systemd-service-parent-slice', 'undelegated');
    mkdirSync(join(dir, 'sys/fs/cgroup/app.slice/api.service/worker'));
    writeFileSync(join(dir, 'sys/fs/cgroup/app.slice/api.service/worker/cgroup.controllers'), '\n');
    writeFileSync(join(dir, 'proc/self/cgroup'), '0::/app.slice/api.service/worker\n');
    const want = expectedJson<Record<string, unknown>>('linux', 'systemd-service-parent-slice', 'container');
    assert.deepEqual(plain(getContainerMemStats(at(dir))), { ...want, path: '/app.slice/api.service/worker' });
  });
  it('no /proc/self/cgroup or mountinfo (a kernel without cgroups, a bare procfs copy): null', () => {
    const dir = copy('k8s-pod-v2-cgroupns', 'nocgroup');
    rmSync(join(dir, 'proc/self/mountinfo'));
    assert.equal(getContainerMemStats(at(dir)), null);
    rmSync(join(dir, 'proc/self/cgroup'));
    assert.equal(getContainerMemStats(at(dir)), null);
    assert.deepEqual(plain(getMemStats({ ...at(dir), scope: 'container' })), expectedJson('linux', 'k8s-pod-v2-cgroupns', 'mem'));
  });
  it('a cgroup2 mount whose cgroup.controllers is missing has no memory controller', () => {
    const dir = copy('docker-v2-no-cgroupns', 'nocontrollers');
    rmSync(join(dir, 'sys/fs/cgroup/cgroup.controllers'));
    assert.equal(getContainerMemStats(at(dir)), null);
  });
  it('a mount point outside /sys is read where it is', () => {
    const dir = copy('k8s-pod-v2-cgroupns', 'elsewhere');
    const mountPoint = join(dir, 'cgroup2');
    renameSync(join(dir, 'sys/fs/cgroup'), mountPoint);
    writeFileSync(join(dir, 'proc/self/mountinfo'), `30 1 0:30 / ${mountPoint.replace(/ /g, '\\040')} rw,nosuid - cgroup2 cgroup2 rw\n`);
    assert.deepEqual(plain(getContainerMemStats(at(dir))), expectedJson('linux', 'k8s-pod-v2-cgroupns', 'container'));
  });
});

/** A fault: how the copy of a case is broken, and what getContainerMemStats() must throw. */
interface Fault {
  name: string;
  fixture: string;
  /** Relative to the copy's sys/fs/cgroup (or proc/ when it starts with proc/). */
  file: string;
  break: (path: string) => void;
  code: 'OPEN' | 'PARSE';
  errno?: number;
  call?: 'container' | 'pressure' | 'mem';
  linuxOnly?: boolean;
}

const K8S = 'k8s-pod-v2-cgroupns';
const V1 = 'v1-memsw-docker';
const write = (text: string) => (p: string) => writeFileSync(p, text);
/** Remove the file, then put `make`'s thing in its place. */
const replaceWith = (make: (p: string) => unknown) => (p: string) => {
  rmSync(p);
  make(p);
};
const FAULTS: Fault[] = [
  { name: 'memory.max malformed', fixture: K8S, file: 'memory.max', break: write('512Mi\n'), code: 'PARSE' },
  { name: 'memory.current says "max"', fixture: K8S, file: 'memory.current', break: write('max\n'), code: 'PARSE' },
  {
    name: 'memory.stat malformed (inactive_file not a number)',
    fixture: K8S,
    file: 'memory.stat',
    break: (p) => writeFileSync(p, readFileSync(p, 'utf8').replace(/^inactive_file \d+$/m, 'inactive_file lots')),
    code: 'PARSE',
  },
  { name: 'memory.stat without inactive_file', fixture: K8S, file: 'memory.stat', break: (p) => writeFileSync(p, readFileSync(p, 'utf8').replace(/^inactive_file \d+\n/m, '')), code: 'PARSE' },
  { name: 'memory.events malformed', fixture: K8S, file: 'memory.events', break: write('low 0\noom_kill x\n'), code: 'PARSE' },
  { name: 'memory.stat vanished (the cgroup went while it was read)', fixture: K8S, file: 'memory.stat', break: (p) => rmSync(p), code: 'OPEN', errno: 2 },
  { name: 'memory.current vanished', fixture: K8S, file: 'memory.current', break: (p) => rmSync(p), code: 'OPEN', errno: 2 },
  { name: 'memory.stat is a directory', fixture: K8S, file: 'memory.stat', break: replaceWith((p) => mkdirSync(p)), code: 'OPEN', errno: 21 },
  { name: 'memory.current is a FIFO (refused, never blocks)', fixture: K8S, file: 'memory.current', break: replaceWith((p) => spawnSync('mkfifo', [p])), code: 'OPEN' },
  { name: 'memory.max gives EIO (links to /proc/self/mem)', fixture: K8S, file: 'memory.max', break: replaceWith((p) => symlinkSync('/proc/self/mem', p)), code: 'OPEN', errno: 5, linuxOnly: true },
  { name: 'v1 memory.usage_in_bytes vanished', fixture: V1, file: 'memory/memory.usage_in_bytes', break: (p) => rmSync(p), code: 'OPEN', errno: 2 },
  {
    name: 'v1 memory.stat without total_inactive_file',
    fixture: V1,
    file: 'memory/memory.stat',
    break: (p) => writeFileSync(p, readFileSync(p, 'utf8').replace(/^total_inactive_file \d+\n/m, '')),
    code: 'PARSE',
  },
  { name: 'v1 memory.oom_control malformed', fixture: V1, file: 'memory/memory.oom_control', break: write('oom_kill_disable 0\nunder_oom 0\noom_kill -\n'), code: 'PARSE' },
  { name: 'v1 memory.memsw.usage_in_bytes malformed', fixture: V1, file: 'memory/memory.memsw.usage_in_bytes', break: write('1.5G\n'), code: 'PARSE' },
  { name: '/proc/self/cgroup malformed', fixture: K8S, file: 'proc/self/cgroup', break: write('cgroup v2 is at /\n'), code: 'PARSE' },
  { name: '/proc/self/mountinfo malformed', fixture: K8S, file: 'proc/self/mountinfo', break: write('1493 1492 0:30 / /sys/fs/cgroup ro cgroup2 cgroup rw\n'), code: 'PARSE' },
  { name: '/proc/self/cgroup is a directory', fixture: K8S, file: 'proc/self/cgroup', break: replaceWith((p) => mkdirSync(p)), code: 'OPEN', errno: 21 },
  { name: 'memory.pressure malformed', fixture: K8S, file: 'memory.pressure', break: write('some avg10=0.00\n'), code: 'PARSE', call: 'pressure' },
  { name: '/proc/pressure/memory malformed', fixture: K8S, file: 'proc/pressure/memory', break: write('full avg10=1 avg60=1 avg300=1 total=1\n'), code: 'PARSE', call: 'pressure' },
  {
    name: 'arcstats without c_min',
    fixture: 'zol-arc-host',
    file: 'proc/spl/kstat/zfs/arcstats',
    break: (p) => writeFileSync(p, readFileSync(p, 'utf8').replace(/^c_min .*\n/m, '')),
    code: 'PARSE',
    call: 'mem',
  },
];

describe('faults in cgroup files: a StatError naming the file, nothing left open', () => {
  const tmp = tempDir('sysgrab-cgroup-faults-');
  after(tmp.remove);
  for (const [i, f] of FAULTS.entries()) {
    if (f.linuxOnly && process.platform !== 'linux') continue;
    it(f.name, () => {
      const dir = join(tmp.dir, String(i));
      cpSync(caseDir('linux', f.fixture), dir, { recursive: true });
      const path = f.file.startsWith('proc/') ? join(dir, f.file) : join(dir, 'sys/fs/cgroup', f.file);
      f.break(path);
      const o: StatOptions = { platform: 'linux', procRoot: join(dir, 'proc'), sysRoot: join(dir, 'sys'), scope: f.call === 'pressure' && !f.file.startsWith('proc/') ? 'container' : 'host' };
      closeProcFiles();
      const fds = openFdCount();
      const call = () => (f.call === 'pressure' ? getMemPressure(o) : f.call === 'mem' ? getMemStats(o) : getContainerMemStats(o));
      const err = expectStatError(call, f.code, path, f.errno);
      assert.ok(err.message.includes(path), err.message);
      assert.equal(openFdCount(), fds, 'no descriptor left open');
      // One bad call never breaks the next: the intact fixture still reads.
      assert.deepEqual(plain(getContainerMemStats(optionsOf(f.fixture))), expectedJson('linux', f.fixture, 'container'));
    });
  }
  const hasSetpriv = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
  const asNobody = process.getuid?.() === 0;
  it('unreadable memory.stat (mode 000, read by an unprivileged user): OPEN with EACCES', { skip: asNobody && !hasSetpriv ? 'running as root without setpriv(1)' : false }, () => {
    const dir = join(tmp.dir, 'unreadable');
    cpSync(caseDir('linux', K8S), dir, { recursive: true });
    chmodSync(tmp.dir, 0o755);
    chmodSync(dir, 0o755);
    const path = join(dir, 'sys/fs/cgroup/memory.stat');
    chmodSync(path, 0);
    const script = `const { getContainerMemStats } = require(${JSON.stringify(join(ROOT, 'build/src/index.js'))});
try { getContainerMemStats({ platform: 'linux', procRoot: ${JSON.stringify(join(dir, 'proc'))}, sysRoot: ${JSON.stringify(join(dir, 'sys'))} }); console.log('no error'); }
catch (e) { console.log(JSON.stringify(e)); }`;
    const r = asNobody
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' })
      : spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const e = JSON.parse(r.stdout) as StatError;
    assert.deepEqual({ code: e.code, arg: e.arg, errno: e.errno }, { code: 'OPEN', arg: path, errno: 13 });
  });
  it('PSI off (EOPNOTSUPP) and PSI absent (ENOENT) both mean "no figures", never zeros', () => {
    assert.ok(noPsi(new StatError('OPEN', 'p', 'm', 95)));
    assert.ok(noPsi(new StatError('OPEN', 'p', 'm', 2)));
    assert.ok(!noPsi(new StatError('OPEN', 'p', 'm', 13)));
    assert.ok(!noPsi(new StatError('PARSE', 'p', 'm')));
  });
  it('a bad SYSGRAB_SCOPE is a StatError naming it', () => {
    const e = expectStatError(() => withEnv({ SYSGRAB_SCOPE: 'pod' }, () => getMemStats({ platform: 'linux', procRoot: procRootOf(K8S) })), 'UNSUPPORTED', 'scope');
    assert.match(e.message, /SYSGRAB_SCOPE=pod/);
    assert.ok(existsSync(procRootOf(K8S)));
  });
});
