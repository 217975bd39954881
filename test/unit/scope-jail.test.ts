import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jailLimit, jailName, jailStats, parseRacct, parseRules, readJail, type RctlCalls } from '../../src/freebsd/jail.js';
import { memStatsOfContainer, swapStatsOfContainer, wantsContainer } from '../../src/scope.js';
import type { CgroupMemStats, ContainerMemStats } from '../../src/types/container.js';
import type { MemStats } from '../../src/types/mem.js';
import { assertValidMem, assertValidSwap, expectStatError } from '../support/invariants.js';

/*
 * Container scope (the mapping of a container's figures onto MemStats and
 * SwapStats) and the FreeBSD jail parsers, fed crafted values; the rule and
 * racct strings have the form kern_rctl.c prints (rctl_rule_to_sbuf,
 * rctl_racct_to_sbuf).
 */

const host: MemStats = { total: 16_000, free: 9_000, used: 7_000, cache: 3_000, available: 8_000, buffers: 100, shared: 50, active: 4_000, inactive: 2_000 };
const cgroup = (o: Partial<CgroupMemStats> = {}): CgroupMemStats => ({ kind: 'cgroup2', path: '/', limit: 1_000, usage: 700, workingSet: 600, available: 400, file: 300, shmem: 20, ...o });

describe('container scope', () => {
  it('host never, container always, auto where a limit applies', () => {
    assert.equal(wantsContainer('host', cgroup()), false);
    assert.equal(wantsContainer('container', cgroup({ limit: undefined })), true);
    assert.equal(wantsContainer('auto', cgroup()), true);
    assert.equal(wantsContainer('auto', cgroup({ limit: undefined })), false);
    assert.equal(wantsContainer('container', null), false);
  });
  it("total = the limit below the host's total; used = working set; cache at most free", () => {
    // free = 1000 − 600 = 400; cache = min(300, 400).
    assert.deepEqual(memStatsOfContainer(cgroup(), host, 500, 200), { total: 1_000, free: 400, used: 600, cache: 300, available: 400, shared: 20, active: 500, inactive: 200 });
    assert.equal(memStatsOfContainer(cgroup({ file: 450 }), host)!.cache, 400, 'min(450, 400)');
  });
  it("a limit above the host's total (or none) leaves the host's total", () => {
    assert.equal(memStatsOfContainer(cgroup({ limit: 99_000 }), host)!.total, 16_000);
    assert.equal(memStatsOfContainer(cgroup({ limit: undefined, available: 8_000 }), host)!.total, 16_000);
  });
  it('a working set above the limit (briefly possible) is capped at total', () => {
    const m = memStatsOfContainer(cgroup({ workingSet: 1_200, available: 0 }), host)!;
    assert.equal(m.used, 1_000);
    assert.equal(m.free, 0);
  });
  it("a jail RACCT said nothing about: no container figures (the host's stand)", () => {
    assert.equal(memStatsOfContainer({ kind: 'jail', available: 8_000 }, host), undefined);
  });
  it("swap: the limit capped by the host's swap, the usage; no devices", () => {
    const hostSwap = { total: 4_000, used: 1_000, free: 3_000, devices: [{ name: '/swap', total: 4_000, used: 1_000 }] };
    assert.deepEqual(swapStatsOfContainer(cgroup({ swap: { usage: 50, limit: 500 } }), hostSwap), { total: 500, used: 50, free: 450 });
    assert.deepEqual(swapStatsOfContainer(cgroup({ swap: { usage: 50, limit: 9_000 } }), hostSwap), { total: 4_000, used: 50, free: 3_950 });
    assert.deepEqual(swapStatsOfContainer(cgroup({ swap: { usage: 50 } }), hostSwap), { total: 4_000, used: 50, free: 3_950 });
    assert.deepEqual(swapStatsOfContainer(cgroup({ swap: { usage: 700, limit: 0 } }), hostSwap), { total: 0, used: 0, free: 0 });
    assert.equal(swapStatsOfContainer(cgroup(), hostSwap), undefined, 'no swap accounting');
  });
  it('whatever the figures, container-scope MemStats and SwapStats keep their invariants', () => {
    const n = fc.nat({ max: 2 ** 40 });
    fc.assert(
      fc.property(fc.option(n, { nil: undefined }), n, n, n, n, n, n, (limit, usage, inactiveFile, file, hostTotal, hostAvail, swapUse) => {
        const ws = Math.max(0, usage - inactiveFile);
        const h: MemStats = { total: hostTotal, free: hostTotal, used: 0, cache: 0, available: Math.min(hostAvail, hostTotal) };
        const c: ContainerMemStats = {
          kind: 'cgroup2',
          path: '/',
          limit,
          usage,
          workingSet: ws,
          file,
          available: limit === undefined ? h.available : Math.max(0, Math.min(limit - ws, h.available)),
          swap: { usage: swapUse, limit },
        };
        assertValidMem(memStatsOfContainer(c, h)!);
        assertValidSwap(swapStatsOfContainer(c, { total: hostTotal, used: 0, free: hostTotal })!);
      }),
      { numRuns: 3000 },
    );
  });
});

const RACCT =
  'cputime=1843,datasize=412090368,stacksize=0,coredumpsize=0,memoryuse=734003200,memorylocked=0,maxproc=37,openfiles=1205,vmemoryuse=4380950528,pseudoterminals=0,swapuse=20971520,nthr=112';
const RULES =
  'user:1001:maxproc:deny=200,jail:web:memoryuse:deny=1073741824,jail:web:memoryuse:log=805306368,jail:web:memoryuse:deny=268435456/process,jail:web:swapuse:deny=268435456,jail:db:memoryuse:deny=4294967296';

describe('FreeBSD RACCT/RCTL strings', () => {
  it('racct: resource=amount pairs', () => {
    const m = parseRacct(RACCT, 'rctl_get_racct');
    assert.equal(m.get('memoryuse'), 734003200);
    assert.equal(m.get('swapuse'), 20971520);
    expectStatError(() => parseRacct('memoryuse=12,oops', 'rctl_get_racct'), 'PARSE', 'rctl_get_racct');
  });
  it('rules: subject:id:resource:action=amount[/per]; per defaults to the subject', () => {
    const rules = parseRules(RULES, 'rctl_get_rules');
    assert.equal(rules.length, 6);
    assert.deepEqual(rules[3], { subject: 'jail', id: 'web', resource: 'memoryuse', action: 'deny', amount: 268435456, per: 'process' });
    assert.equal(rules[1]!.per, 'jail');
    assert.deepEqual(parseRules('', 'rctl_get_rules'), []);
    expectStatError(() => parseRules('jail:web:memoryuse', 'rctl_get_rules'), 'PARSE', 'rctl_get_rules');
  });
  it("the limit is the jail-wide deny rule: not log, not per-process, not another jail's", () => {
    const rules = parseRules(RULES, 'x');
    assert.equal(jailLimit(rules, 'web', 'memoryuse'), 1073741824);
    assert.equal(jailLimit(rules, 'web', 'swapuse'), 268435456);
    assert.equal(jailLimit(rules, 'db', 'swapuse'), undefined);
    assert.equal(jailLimit(rules, 'mail', 'memoryuse'), undefined);
  });
  it("jailStats: available = max(0, min(limit − memoryuse, host available)); refused: only the host's available", () => {
    const s = jailStats({ name: 'web', usage: parseRacct(RACCT, 'x'), rules: parseRules(RULES, 'x') }, 22881437184);
    assert.deepEqual(s, { kind: 'jail', path: 'web', available: 339738624, limit: 1073741824, limitPath: 'web', usage: 734003200, workingSet: 734003200, swap: { usage: 20971520, limit: 268435456 } });
    assert.deepEqual(jailStats({ name: undefined }, 5), { kind: 'jail', path: undefined, available: 5 });
  });
  it('a jid is resolved to its name; a name is checked to exist', () => {
    const names = { getid: (n: string) => (n === 'web' ? 3 : -1), getname: (jid: number) => (jid === 3 ? 'web' : null), errno: () => 2 };
    assert.equal(jailName(3, names), 'web');
    assert.equal(jailName('3', names), 'web');
    assert.equal(jailName('web', names), 'web');
    expectStatError(() => jailName('nope', names), 'SYSCTL', '"nope"', 2);
    expectStatError(() => jailName(7, names), 'SYSCTL', 'jid 7', 2);
    expectStatError(() => jailName('web:memoryuse', names), 'SYSCTL', 'web:memoryuse');
  });
  it('ERANGE asks again with a buffer 4× larger; ENOSYS and EPERM mean "the kernel will not say"', () => {
    const sizes: number[] = [];
    const answer = Buffer.from(`${RACCT}\0`);
    let errno = 0;
    const calls: RctlCalls = {
      racct: (_f, out) => {
        sizes.push(out.length);
        if (out.length < 20_000) {
          errno = 34; // ERANGE
          return -1;
        }
        answer.copy(out);
        return 0;
      },
      rules: (_f, out) => {
        Buffer.from(`${RULES}\0`).copy(out);
        return 0;
      },
      limits: () => {
        errno = 1; // EPERM
        return -1;
      },
      errno: () => errno,
    };
    const r = readJail(calls, 'web', 42);
    assert.deepEqual(sizes, [4096, 16384, 65536]);
    assert.equal(r.usage!.get('memoryuse'), 734003200);
    assert.deepEqual(readJail(calls, undefined, 42), { name: undefined }, 'inside a jail, refused');
  });
});
