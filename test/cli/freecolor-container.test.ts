import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRows } from '../../src/cli/freecolor/all.js';
import { pressureLine } from '../../src/cli/freecolor/render.js';
import type { CgroupMemStats, MemStats, SwapStats } from '../../src/index.js';
import { freecolorText } from '../support/freecolor.js';
import { expectedJson, freecolor, procRootOf, sysRootOf, withEnv } from '../support/helpers.js';
import { freebsdEnv, shimLibrary, shimUnavailable } from '../support/shim.js';

/*
 * freecolor's container flags: --scope, --pressure, the container and
 * pressure rows of -a, and what -j carries. The figures come from the
 * fixtures' hand-made expected JSON; the byte-exact outputs of --scope and
 * --pressure are in test/fixtures/linux/<case>/expected/freecolor/ and run
 * with the other fixture outputs (test/backend/linux/fixtures.test.ts).
 */

const K8S = 'k8s-pod-v2-cgroupns';
const env = (name: string) => ({ SYSGRAB_PLATFORM: 'linux', HOST_PROC: procRootOf(name), HOST_SYS: sysRootOf(name) });
const MiB = 1024 * 1024;

describe('freecolor --pressure', () => {
  it('prints the PSI line exactly as the spec shows it', () => {
    const p = { some: { avg10: 0, avg60: 0, avg300: 0.31, total: 1 }, full: { avg10: 0, avg60: 0, avg300: 0.06, total: 1 } };
    assert.equal(pressureLine(p), 'Pressure  : some 0.00% 0.00% 0.31%  full 0.00% 0.00% 0.06%   (avg10 avg60 avg300)\n');
  });
  it('says so where the kernel has no PSI, never zeros', () => {
    assert.equal(pressureLine(undefined), 'Pressure  : not available (no PSI on this system)\n');
    const out = withEnv(env('psi-absent'), () => freecolorText(['--pressure']));
    assert.match(out, /^Pressure {2}: not available/m);
    assert.doesNotMatch(out, /0\.00%/);
  });
});

describe('freecolor --scope', () => {
  it('SYSGRAB_SCOPE=container prints what --scope=container prints', () => {
    const flag = withEnv(env(K8S), () => freecolorText(['--scope=container']));
    const variable = withEnv({ ...env(K8S), SYSGRAB_SCOPE: 'container' }, () => freecolorText([]));
    assert.equal(variable, flag);
    // The container's 512 MiB is the total: (free/limit) in KiB.
    assert.match(flag, /\(164344\/524288\)$/m);
  });
  it('--scope=host wins over SYSGRAB_SCOPE=container', () => {
    const host = withEnv(env(K8S), () => freecolorText([]));
    assert.equal(
      withEnv({ ...env(K8S), SYSGRAB_SCOPE: 'container' }, () => freecolorText(['--scope=host'])),
      host,
    );
  });
  it('an unknown scope is a usage error (exit 2) naming it', () => {
    const r = freecolor(['--scope=pod'], env(K8S));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^freecolor: --scope must be host, container or auto, not 'pod'\n/);
  });
  it('a bad SYSGRAB_SCOPE is a one-line error (exit 1), no stack trace', () => {
    const r = freecolor([], { ...env(K8S), SYSGRAB_SCOPE: 'pod' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.match(r.stderr, /SYSGRAB_SCOPE=pod/);
  });
});

describe('freecolor -a: the container and pressure rows', () => {
  const c = expectedJson<CgroupMemStats>('linux', K8S, 'container');
  const rowsOf = () => {
    const mem = expectedJson<MemStats>('linux', K8S, 'mem');
    const swap = expectedJson<SwapStats>('linux', K8S, 'swap');
    return allRows(mem, swap, undefined, { container: c, pressure: expectedJson('linux', K8S, 'pressure') });
  };
  it('lists where the process runs, the limit and who sets it, working set, peak, OOM kills, pressure', () => {
    const rows = new Map(rowsOf().map((r) => [r.field, r]));
    assert.equal(rows.get('cgroup')!.text, '/ (cgroup2)');
    assert.equal(rows.get('cgroup limit')!.bytes, 536870912);
    assert.match(rows.get('cgroup limit')!.description, /set by \/$/);
    assert.equal(rows.get('working set')!.bytes, c.workingSet);
    assert.equal(rows.get('cgroup available')!.bytes, c.available);
    assert.equal(rows.get('cgroup peak')!.bytes, c.peak);
    assert.equal(rows.get('OOM kills')!.text, '1');
    assert.equal(rows.get('limit hits')!.text, '1289');
    assert.equal(rows.get('pressure some')!.text, '0.00% 0.00% 0.31%');
    assert.equal(rows.get('pressure full')!.text, '0.00% 0.00% 0.06%');
  });
  it('renders them in the table, in MiB with -m', () => {
    const out = withEnv(env(K8S), () => freecolorText(['-a', '-m']));
    assert.match(out, /│ cgroup limit +│ +512 │ smallest limit up the tree, set by \/ +│/);
    assert.match(out, new RegExp(`│ working set +│ +${Math.floor(c.workingSet / MiB)} │`));
    assert.match(out, /│ OOM kills +│ +1 │/);
    assert.match(out, /│ pressure some +│ 0\.00% 0\.00% 0\.31% │/);
  });
  it('a host without a limit says "none" for it', () => {
    const out = withEnv(env('no-limit-v2'), () => freecolorText(['-a']));
    assert.match(out, /│ cgroup limit +│ +none │ no memory limit/);
  });
  it('no memory controller: no container rows, the pressure rows stay', () => {
    const out = withEnv(env('no-memory-controller'), () => freecolorText(['-a']));
    assert.doesNotMatch(out, /cgroup limit|working set/);
    assert.match(out, /│ pressure some/);
  });
});

describe('freecolor -j carries the container and the pressure', () => {
  it('as getContainerMemStats() and getMemPressure() give them, in every record', () => {
    const r = freecolor(['-j'], env(K8S));
    assert.equal(r.status, 0, r.stderr);
    const obj = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(obj), ['mem', 'swap', 'container', 'pressure', 'time']);
    assert.deepEqual(obj.container, expectedJson('linux', K8S, 'container'));
    assert.deepEqual(obj.pressure, expectedJson('linux', K8S, 'pressure'));
  });
  it("with --scope=container, the cgroup's pressure and the container's MemStats", () => {
    const obj = JSON.parse(withEnv(env(K8S), () => freecolorText(['-j', '--scope=container'])));
    assert.deepEqual(obj.mem, expectedJson('linux', K8S, 'mem-container'));
    assert.deepEqual(obj.pressure, expectedJson('linux', K8S, 'pressure-container'));
  });
  it('null where there is no container and no PSI', () => {
    const obj = JSON.parse(withEnv(env('psi-absent'), () => freecolorText(['-j'])));
    assert.deepEqual(obj.container, expectedJson('linux', 'psi-absent', 'container'));
    assert.equal(obj.pressure, null);
    assert.equal(JSON.parse(withEnv(env('no-memory-controller'), () => freecolorText(['-j']))).container, null);
  });
  it('FreeBSD inside a jail: kind "jail" and the host\'s available, pressure null', { skip: shimUnavailable() ?? false }, () => {
    const lib = shimLibrary();
    const obj = JSON.parse(withEnv({ ...freebsdEnv('jail-inside-racct-on'), SYSGRAB_LIBJAIL: lib }, () => freecolorText(['-j'])));
    assert.deepEqual(obj.container, expectedJson('freebsd', 'jail-inside-racct-on', 'container'));
    assert.equal(obj.pressure, null);
  });
});
