import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuPercents, diffCpuStats, diffPageStats } from '../../src/diff.js';
import { bitwidthOf, hostInfoFromSysctl, unameVersion } from '../../src/freebsd/host.js';
import { loadFromLoadavg as freebsdLoad } from '../../src/freebsd/load.js';
import { kinfoRecords, stateOfKiStat, titleFromArgs } from '../../src/freebsd/process.js';
import { usersFromUtx } from '../../src/freebsd/users.js';
import { countCpuList } from '../../src/linux/host.js';
import { loadFromBytes } from '../../src/linux/loadavg.js';
import { processFromFiles, stateOfLetter } from '../../src/linux/process.js';
import { cpuStatsFromStat, parseStat } from '../../src/linux/stat.js';
import { secondsFromUptime } from '../../src/linux/uptime.js';
import { UTMP_AARCH64, UTMP_X86, usersFromUtmp } from '../../src/linux/utmp.js';
import { expectStatError } from '../support/invariants.js';

/* The pure parsers and computations of issue 12, on crafted input (values by hand). */

const stat = (text: string, perCpu = true) => {
  const b = Buffer.from(text);
  return parseStat(b, b.length, 'stat', perCpu);
};

describe('/proc/stat', () => {
  it('reads 4 to 10 cpu columns; absent columns stay undefined; totals by hand', () => {
    const s = cpuStatsFromStat(stat('cpu  10 2 30 400\ncpu0 10 2 30 400\nctxt 7\nbtime 99\n'), 1);
    assert.deepEqual({ ...s, perCpu: s.perCpu.length }, { user: 10, nice: 2, kernel: 30, idle: 400, total: 442, totalAll: 442, contextSwitches: 7, interrupts: 0, systime: 1, perCpu: 1 });
    const t = cpuStatsFromStat(stat('cpu 1 2 3 4 5 6 7 8 9 10\nintr 11 0 0\nsoftirq 12 1\n'), 1);
    assert.equal(t.total, 10); // 1+2+3+4
    assert.equal(t.totalAll, 36); // + 5+6+7+8 (guest 9 and guest_nice 10 are inside user and nice)
    assert.equal(t.guestNice, 10);
    assert.equal(t.interrupts, 11);
    assert.equal(t.softInterrupts, 12);
  });
  it('skips a long intr line in one jump and counts cpuN lines', () => {
    const r = stat(`cpu  1 1 1 1\ncpu0 1 1 1 1\ncpu1 0 0 0 1\nintr 5${' 0'.repeat(5000)}\nctxt 3\n`, false);
    assert.equal(r.intr, 5);
    assert.equal(r.ctxt, 3);
    assert.equal(r.cpuLines, 2);
    assert.deepEqual(r.perCpu, []);
  });
  it('refuses a file without a cpu line or with a short one', () => {
    expectStatError(() => stat('ctxt 1\n'), 'PARSE', 'stat');
    expectStatError(() => stat('cpu 1 2 3\n'), 'PARSE', 'stat');
    expectStatError(() => stat('cpu 1 2 x 4\n'), 'PARSE', 'stat');
  });
});

describe('loadavg, uptime, sysfs CPU lists', () => {
  it('parses and refuses', () => {
    const load = (t: string) => loadFromBytes(Buffer.from(t), Buffer.byteLength(t), 'l');
    assert.deepEqual(load('0.21 0.37 0.39 1/719 19737\n'), { min1: 0.21, min5: 0.37, min15: 0.39 });
    assert.deepEqual(load('12.05 0.00 100.99 1/2 3\n'), { min1: 12.05, min5: 0, min15: 100.99 });
    for (const bad of ['0.21 x 0.3\n', '', '1. 2 3\n', '1 2\n']) expectStatError(() => load(bad), 'PARSE', 'l');
    assert.equal(secondsFromUptime('350735.47 234388.90\n', 'u'), 350735.47);
    expectStatError(() => secondsFromUptime('\n', 'u'), 'PARSE', 'u');
    assert.equal(countCpuList('0-3,6\n'), 5);
    assert.equal(countCpuList('0\n'), 1);
    assert.equal(countCpuList(''), undefined);
    assert.equal(countCpuList('3-1'), undefined);
  });
});

describe('/proc/<pid> files', () => {
  const status = 'Name:\tx\nUid:\t1000\t1001\t1000\t1000\nGid:\t100\t101\t100\t100\nVmRSS:\t     8 kB\nvoluntary_ctxt_switches:\t4\nnonvoluntary_ctxt_switches:\t1\n';
  const clock = { btime: 1000, uptime: 200, hz: 100 };
  const line = (comm: string, state = 'S') => `42 (${comm}) ${state} 1 42 40 0 -1 0 0 0 0 0 300 100 0 0 20 -5 3 0 10000 4096 2 18446744073709551615 0 0\n`;
  it('takes comm between the first ( and the last ), and every field by hand', () => {
    const p = processFromFiles(line('a) (b'), 's', status, 't', Buffer.from('sh\0-c\0\0x\0'), clock);
    assert.equal(p.processName, 'a) (b');
    assert.equal(p.proctitle, 'sh -c  x'); // the empty argument stays
    assert.deepEqual([p.pid, p.parent, p.pgid, p.sessid, p.uid, p.euid, p.gid, p.egid], [42, 1, 42, 40, 1000, 1001, 100, 101]);
    assert.equal(p.timeSpent, 4); // (300 + 100) / 100
    assert.equal(p.startTime, 1100); // 1000 + 10000 / 100
    assert.equal(p.cpuPercent, 4); // 100 * 4 / (200 - 100)
    assert.equal(p.procResident, 8192);
    assert.equal(p.nice, -5);
    assert.equal(p.threads, 3);
    assert.equal(p.contextSwitches, 5);
  });
  it('titles a process without arguments [comm]; refuses a status without Uid', () => {
    assert.equal(processFromFiles(line('kworker/0:1'), 's', status, 't', Buffer.alloc(0), clock).proctitle, '[kworker/0:1]');
    expectStatError(() => processFromFiles(line('x'), 's', 'Name:\tx\n', 't', Buffer.alloc(0), clock), 'PARSE', 't');
    expectStatError(() => processFromFiles('42 x S 1\n', 's', status, 't', Buffer.alloc(0), clock), 'PARSE', 's');
  });
  it('groups states as top(1) does', () => {
    assert.deepEqual(['R', 'S', 'D', 'I', 'T', 't', 'Z', 'X'].map(stateOfLetter), ['running', 'sleeping', 'sleeping', 'sleeping', 'stopped', 'stopped', 'zombie', 'unknown']);
  });
});

describe('utmp', () => {
  function record(layout: typeof UTMP_X86, type: number, user: string, line: string, host: string, pid: number, sec: number): Buffer {
    const b = Buffer.alloc(layout.size);
    b.writeInt16LE(type, 0);
    b.writeInt32LE(pid, 4);
    b.write(line, 8);
    b.write('ts/0', 40);
    b.write(user, 44);
    b.write(host, 76);
    if (layout.tvSecBytes === 4) b.writeInt32LE(sec, layout.tvSec);
    else b.writeBigInt64LE(BigInt(sec), layout.tvSec);
    return b;
  }
  for (const layout of [UTMP_X86, UTMP_AARCH64]) {
    it(`lists USER_PROCESS records (${layout.size}-byte records) and ignores a partial last one`, () => {
      const b = Buffer.concat([record(layout, 8, '', 'pts/1', '', 1, 2), record(layout, 7, 'alice', 'pts/0', 'h', 77, 1700000000), Buffer.alloc(10)]);
      assert.deepEqual(usersFromUtmp(b, b.length, layout), [{ loginName: 'alice', device: 'pts/0', hostname: 'h', pid: 77, loginTime: 1700000000, recordId: 'ts/0' }]);
    });
  }
});

describe('FreeBSD pure parts', () => {
  it('builds uname -v from kern.version as libc does', () => {
    assert.equal(unameVersion('FreeBSD 14.0-RELEASE #0 x: Fri\n    root@h:/obj/GENERIC\n'), 'FreeBSD 14.0-RELEASE #0 x: Fri     root@h:/obj/GENERIC');
    assert.equal(unameVersion('a\tb'), 'a b');
  });
  it('gives 64 bits to every LP64 machine_arch (libstatgrab: aarch64 0, powerpc64 32)', () => {
    assert.deepEqual(['amd64', 'aarch64', 'riscv64', 'powerpc64le', 'i386', 'armv7'].map(bitwidthOf), [64, 64, 64, 64, 32, 32]);
  });
  it('computes uptime from now and kern.boottime', () => {
    const h = hostInfoFromSysctl({ ostype: 'FreeBSD', osrelease: 'r', version: 'v\n', hostname: 'h', machine: 'arm64', machineArch: 'aarch64', ncpu: 4, bootSec: 100, bootUsec: 500000 }, 160.9);
    assert.equal(h.uptime, 60);
    assert.equal(h.bootTime, 100.5);
  });
  it('decodes struct loadavg and refuses other sizes', () => {
    const b = Buffer.alloc(24);
    b.writeUInt32LE(16, 0);
    b.writeUInt32LE(1024, 4);
    b.writeUInt32LE(2048, 8);
    b.writeBigInt64LE(2048n, 16);
    assert.deepEqual(freebsdLoad(b), { min1: 0.0078125, min5: 0.5, min15: 1 });
    expectStatError(() => freebsdLoad(Buffer.alloc(20)), 'SYSCTL', 'vm.loadavg');
  });
  it('checks every kinfo_proc by ki_structsize', () => {
    const good = Buffer.alloc(1088 * 2);
    good.writeInt32LE(1088, 0);
    good.writeInt32LE(1088, 1088);
    assert.equal(kinfoRecords(good), 2);
    good.writeInt32LE(1096, 1088);
    expectStatError(() => kinfoRecords(good), 'SYSCTL', 'kern.proc.proc');
    const odd = Buffer.alloc(768 * 3);
    odd.writeInt32LE(768, 0);
    expectStatError(() => kinfoRecords(odd), 'SYSCTL', 'kern.proc.proc');
  });
  it('titles from kern.proc.args, [comm] without; states', () => {
    assert.equal(titleFromArgs(Buffer.from('/sbin/init\0--\0'), 'init'), '/sbin/init --');
    assert.equal(titleFromArgs(Buffer.alloc(0), 'idle'), '[idle]');
    assert.equal(titleFromArgs(undefined, 'ntpd'), '[ntpd]');
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 0].map(stateOfKiStat), ['sleeping', 'running', 'sleeping', 'stopped', 'zombie', 'sleeping', 'sleeping', 'unknown']);
  });
  it('reads utx.active records, cutting as getutxent does, and refuses a broken file', () => {
    const r = Buffer.alloc(197);
    r[0] = 4;
    r.writeBigUInt64BE(1700000000999999n, 1);
    r.write('id', 9);
    r.writeUInt32BE(812, 17);
    r.write('u'.repeat(32), 21);
    r.write('pts/10', 53);
    r.write('h'.repeat(128), 69);
    const [u] = usersFromUtx(r, 'utx');
    assert.equal(u!.loginName.length, 31);
    assert.equal(u!.hostname.length, 127);
    assert.deepEqual([u!.device, u!.pid, u!.loginTime, u!.recordId], ['pts/10', 812, 1700000000, 'id']);
    expectStatError(() => usersFromUtx(Buffer.alloc(200), 'utx'), 'PARSE', 'utx');
  });
});

describe('diffs and CPU percentages', () => {
  const cpu = (user: number, kernel: number, idle: number, iowait: number, systime: number) => ({
    user,
    nice: 0,
    kernel,
    idle,
    iowait,
    total: user + kernel + idle,
    totalAll: user + kernel + idle + iowait,
    contextSwitches: 100 * systime,
    interrupts: 10,
    systime,
    perCpu: [],
  });
  it('shares of every tick sum to 100; libstatgrab would put iowait on top', () => {
    const p = cpuPercents(cpu(10, 10, 70, 0, 1), cpu(20, 20, 130, 30, 3));
    // Deltas: user 10, kernel 10, idle 60, iowait 30: 110 ticks.
    assert.equal(p.ticks, 110);
    assert.equal(p.timeTaken, 2);
    assert.ok(Math.abs(p.user + p.kernel + p.idle + p.iowait! + p.nice - 100) < 1e-9);
    assert.equal(p.iowait, (30 * 100) / 110);
  });
  it('no tick elapsed: every share 0, never NaN', () => {
    const p = cpuPercents(cpu(1, 1, 1, 1, 1), cpu(1, 1, 1, 1, 1));
    assert.deepEqual([p.user, p.idle, p.iowait, p.ticks], [0, 0, 0, 0]);
  });
  it('iowait going back on its own (Linux allows it) counts 0, and the shares still sum to 100', () => {
    // user +50, kernel +25, idle +100, iowait 7 -> 6: 175 ticks of change (totalAll itself grew 174).
    const p = cpuPercents(cpu(100, 100, 1000, 7, 1), cpu(150, 125, 1100, 6, 3));
    assert.equal(p.ticks, 175);
    assert.deepEqual([p.user, p.kernel, p.idle, p.iowait], [(50 * 100) / 175, (25 * 100) / 175, (100 * 100) / 175, 0]);
  });
  it('totalAll going back is a reset (a CPU offlined and back): the shares since the reset', () => {
    const p = cpuPercents(cpu(100, 100, 1000, 7, 1), cpu(10, 10, 20, 0, 3));
    assert.equal(p.ticks, 40);
    assert.equal(p.idle, 50);
  });
  it('diffCpuStats and diffPageStats subtract, never below 0', () => {
    const d = diffCpuStats(cpu(10, 10, 70, 5, 1), cpu(12, 11, 80, 5, 2));
    assert.deepEqual([d.user, d.kernel, d.idle, d.iowait, d.contextSwitches, d.systime, d.total], [2, 1, 10, 0, 100, 1, 13]);
    const pg = diffPageStats({ pagesPagein: 5, pagesPageout: 9, swapIn: 1, swapOut: 1, systime: 1 }, { pagesPagein: 7, pagesPageout: 3, swapIn: 1, swapOut: 2, systime: 4 });
    assert.deepEqual(pg, { pagesPagein: 2, pagesPageout: 3, swapIn: 0, swapOut: 1, systime: 3 });
  });
});
