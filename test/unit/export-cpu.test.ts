import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CPU_JUMP_BACK_SECONDS, cpuFamilies, guardCpuSeconds } from '../../src/export/collectors.js';
import type { PerCpuTicks } from '../../src/types/cpu.js';

/*
 * node_exporter's cpu collector never lets a counter go back
 * (cpu_linux.go updateCPUStats, v1.5.0): each field keeps the larger of the
 * last value and the new one; a CPU whose idle went back by 3 s or more
 * starts afresh; a changed set of CPUs starts every CPU afresh. Values are
 * ticks / 100.
 */

function cpu(n: number, ticks: Partial<PerCpuTicks>): PerCpuTicks {
  const t = { user: 0, nice: 0, kernel: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0, ...ticks };
  return { cpu: n, ...t, total: t.user + t.nice + t.kernel + t.idle, totalAll: 0 };
}

/** node_cpu_seconds_total{cpu,mode} of one scrape, as "cpu/mode" -> seconds. */
function seconds(s: ReturnType<typeof guardCpuSeconds>): Map<string, number> {
  const [modes] = cpuFamilies(s);
  return new Map(modes!.samples.map((x) => [`${x.labels!.cpu}/${x.labels!.mode}`, x.value]));
}

describe('guardCpuSeconds (node_exporter updateCPUStats)', () => {
  it('first reading: ticks / USER_HZ, as they are', () => {
    const s = seconds(guardCpuSeconds(undefined, [cpu(0, { user: 12345, idle: 500000, iowait: 7 })]));
    assert.equal(s.get('0/user'), 123.45);
    assert.equal(s.get('0/idle'), 5000);
    assert.equal(s.get('0/iowait'), 0.07);
  });
  it('a field that dips keeps its last value; the others move on', () => {
    const first = guardCpuSeconds(undefined, [cpu(0, { user: 1000, idle: 50000, iowait: 900 })]);
    // iowait 900 -> 850 ticks: Linux's iowait can go back (NO_HZ accounting).
    const second = seconds(guardCpuSeconds(first, [cpu(0, { user: 1100, idle: 50100, iowait: 850 })]));
    assert.equal(second.get('0/iowait'), 9);
    assert.equal(second.get('0/user'), 11);
    assert.equal(second.get('0/idle'), 501);
  });
  it(`idle ${CPU_JUMP_BACK_SECONDS} s or more back: that CPU starts afresh (hot-unplugged and back), the other keeps its guard`, () => {
    const first = guardCpuSeconds(undefined, [cpu(0, { user: 1000, idle: 50000 }), cpu(1, { user: 2000, idle: 60000 })]);
    // cpu0 idle 50000 -> 49700 ticks: exactly 3 s back; cpu1 user dips 2000 -> 1990.
    const second = seconds(guardCpuSeconds(first, [cpu(0, { user: 10, idle: 49700 }), cpu(1, { user: 1990, idle: 60100 })]));
    assert.equal(second.get('0/user'), 0.1);
    assert.equal(second.get('0/idle'), 497);
    assert.equal(second.get('1/user'), 20);
  });
  it('idle back by less than 3 s: guarded, not reset', () => {
    const first = guardCpuSeconds(undefined, [cpu(0, { user: 1000, idle: 50000 })]);
    const second = seconds(guardCpuSeconds(first, [cpu(0, { user: 10, idle: 49701 })]));
    assert.equal(second.get('0/idle'), 500);
    assert.equal(second.get('0/user'), 10);
  });
  it('another set of CPUs: every CPU starts afresh', () => {
    const first = guardCpuSeconds(undefined, [cpu(0, { user: 1000 }), cpu(1, { user: 1000 })]);
    const second = seconds(guardCpuSeconds(first, [cpu(0, { user: 500 }), cpu(2, { user: 300 })]));
    assert.equal(second.get('0/user'), 5);
    assert.equal(second.get('2/user'), 3);
    assert.equal(second.has('1/user'), false);
  });
  it('a column the kernel does not print has no series (node_exporter would say 0)', () => {
    const old = { ...cpu(0, { user: 100 }), steal: undefined, guest: undefined, guestNice: undefined };
    const s = guardCpuSeconds(undefined, [old]);
    const [modes, guest] = cpuFamilies(s);
    assert.deepEqual(
      modes!.samples.map((x) => x.labels!.mode),
      ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq'],
    );
    assert.equal(guest!.samples.length, 0);
  });
});
