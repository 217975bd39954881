import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { filesystemObservations } from '../../../src/export/otel.js';
import type { FsStats } from '../../../src/types/fs.js';
import { collect, session, value } from '../../support/otel.js';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseDir, expectedJson, procRootOf, sysRootOf, tempDir } from '../../support/helpers.js';

/*
 * sysgrab/otel read through @opentelemetry/sdk-metrics' in-memory exporter,
 * on a fixture whose figures are worked out by hand below from its
 * /proc/meminfo and /proc/swaps (KiB x 1024).
 */

/** The memory and CPU fixtures have no mount table, diskstats or net/dev: those groups are tested on their own fixture below. */
const NO_FSDISKNET = { filesystem: false, disk: false, network: false };

describe('sysgrab/otel through the SDK in-memory reader (db-hugepages-psi-16g, by hand)', () => {
  // A memory fixture: no /proc/stat or /proc/uptime, so the cpu and host groups are off here (tested below).
  const options = { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g'), groups: { cpu: false, host: false, ...NO_FSDISKNET } };
  it('system.memory.* : names, units, kinds, states, values', async () => {
    const { points, errors } = await collect(options);
    assert.deepEqual(errors, []);
    const usage = (state: string) => value(points, 'system.memory.usage', { 'system.memory.state': state });
    // used = MemTotal − MemAvailable = 16315464 − 6021876 = 10293588 KiB
    assert.equal(usage('used'), 10540634112);
    assert.equal(usage('free'), 1232220160); // MemFree 1203340 KiB
    assert.equal(usage('cached'), 4825608192); // Cached 4712508 KiB
    assert.equal(usage('buffers'), 308457472); // Buffers 301228 KiB
    assert.equal(value(points, 'system.memory.limit'), 16707035136); // MemTotal 16315464 KiB
    assert.equal(value(points, 'system.memory.linux.available'), 6166401024); // MemAvailable 6021876 KiB
    assert.equal(value(points, 'system.memory.linux.shared'), 438501376); // Shmem 428224 KiB
    assert.equal(value(points, 'system.memory.utilization', { 'system.memory.state': 'used' }), 10293588 / 16315464);
    for (const p of points.filter((x) => x.name.startsWith('system.memory.'))) {
      if (p.name === 'system.memory.utilization') {
        assert.equal(p.type, DataPointType.GAUGE);
        assert.equal(p.unit, '1');
      } else {
        // UpDownCounter: a non-monotonic sum, in bytes.
        assert.equal(p.type, DataPointType.SUM, p.name);
        assert.equal(p.monotonic, false, p.name);
        assert.equal(p.unit, 'By', p.name);
      }
    }
  });
  it('system.paging.* per device, with system.device', async () => {
    const { points } = await collect(options);
    const at = (device: string, state: string, name = 'system.paging.usage') => value(points, name, { 'system.device': device, 'system.paging.state': state });
    assert.equal(at('/dev/nvme0n1p3', 'used'), 4294967296); // 4194304 KiB
    assert.equal(at('/dev/nvme0n1p3', 'free'), 4294963200); // 8388604 − 4194304 = 4194300 KiB
    assert.equal(at('/swapfile', 'used'), 0);
    assert.equal(at('/swapfile', 'free'), 8589934592);
    assert.equal(at('/dev/nvme0n1p3', 'used', 'system.paging.utilization'), 4194304 / 8388604);
  });
  it('a failing getter leaves its group out and reports it; the other group still comes', async () => {
    const { points, errors } = await collect({ platform: 'linux', procRoot: procRootOf('malformed-meminfo') });
    // The container getter reads the host's meminfo too (for available): it fails as well; that
    // case has no /proc/stat and no /proc/uptime: cpu and host fail; nor mountinfo, diskstats, net/dev.
    assert.deepEqual(errors.sort(), ['container', 'cpu', 'disk', 'filesystem', 'host', 'memory', 'network']);
    assert.equal(points.filter((p) => p.name.startsWith('system.memory.')).length, 0);
    // SwapTotal and SwapFree still parse; that case has no /proc/swaps: totals without a device.
    assert.equal(value(points, 'system.paging.usage', { 'system.paging.state': 'used' }), 0);
  });
  it('container.memory.* of a k8s pod (k8s-pod-v2-cgroupns, its expected/container.json)', async () => {
    const { points, errors } = await collect({
      platform: 'linux',
      procRoot: procRootOf('k8s-pod-v2-cgroupns'),
      sysRoot: sysRootOf('k8s-pod-v2-cgroupns'),
      groups: { cpu: false, host: false, ...NO_FSDISKNET },
    });
    assert.deepEqual(errors, []);
    assert.equal(value(points, 'container.memory.usage'), 465051648);
    assert.equal(value(points, 'container.memory.working_set'), 368582656);
    // limit − working set, as the conventions define it: 536870912 − 368582656
    assert.equal(value(points, 'container.memory.available'), 168288256);
    for (const p of points.filter((x) => x.name.startsWith('container.'))) {
      assert.equal(p.type, DataPointType.SUM);
      assert.equal(p.monotonic, false);
      assert.equal(p.unit, 'By');
    }
  });
  it('no cgroup (a procfs without self/cgroup): no container.* points, no error', async () => {
    const { points, errors } = await collect(options);
    assert.deepEqual(errors, []);
    assert.equal(points.filter((p) => p.name.startsWith('container.')).length, 0);
  });
  it('groups: { paging: false } creates no paging instrument', async () => {
    const { points } = await collect({ ...options, groups: { paging: false } });
    assert.equal(points.filter((p) => p.name.startsWith('system.paging.')).length, 0);
    assert.ok(points.length > 5);
  });
});

describe('system.cpu.*, system.uptime, system.process.count (node-exporter-8cpu, gopsutil-4cpu, by hand)', () => {
  const name = 'node-exporter-8cpu';
  const options = { platform: 'linux', procRoot: procRootOf(name), sysRoot: sysRootOf(name), groups: { memory: false, paging: false, container: false, ...NO_FSDISKNET } };
  it("system.cpu.time: /proc/stat's cpu line / USER_HZ per cpu.mode; irq and softirq are interrupt; a monotonic sum in s", async () => {
    const { points, errors } = await collect(options);
    assert.deepEqual(errors, []);
    // cpu  301854 612 111922 8979004 3552 2 3944 0 44 36
    const time = (mode: string) => value(points, 'system.cpu.time', { 'cpu.mode': mode });
    assert.equal(time('user'), 3018.54);
    assert.equal(time('nice'), 6.12);
    assert.equal(time('system'), 1119.22);
    assert.equal(time('idle'), 89790.04);
    assert.equal(time('iowait'), 35.52);
    assert.equal(time('interrupt'), 39.46); // (2 + 3944) / 100
    assert.equal(time('steal'), 0);
    const cpuTime = points.filter((p) => p.name === 'system.cpu.time');
    assert.equal(cpuTime.length, 7);
    for (const p of cpuTime) {
      assert.equal(p.type, DataPointType.SUM);
      assert.equal(p.monotonic, true);
      assert.equal(p.unit, 's');
    }
    // One collection: no change to measure yet, so no utilization.
    assert.equal(points.filter((p) => p.name === 'system.cpu.utilization').length, 0);
  });
  it('perCpu: the opt-in cpu.logical_number attribute, one series per CPU and mode', async () => {
    const { points } = await collect({ ...options, perCpu: true });
    // cpu7 29098 268 10164 1139282 555 0 31 0 9 8
    assert.equal(value(points, 'system.cpu.time', { 'cpu.mode': 'user', 'cpu.logical_number': 7 }), 290.98);
    assert.equal(value(points, 'system.cpu.time', { 'cpu.mode': 'interrupt', 'cpu.logical_number': 7 }), 0.31);
    assert.equal(points.filter((p) => p.name === 'system.cpu.time').length, 8 * 7);
  });
  it('system.uptime and system.cpu.logical.count from getHostInfo (its expected/host.json: uptime 11563 s, 8 CPUs online)', async () => {
    const { points } = await collect(options);
    const host = expectedJson<{ uptime: number; ncpus: number }>('linux', name, 'host');
    assert.equal(value(points, 'system.uptime'), host.uptime);
    assert.equal(value(points, 'system.uptime'), 11563);
    assert.equal(value(points, 'system.cpu.logical.count'), 8);
    const uptime = points.find((p) => p.name === 'system.uptime')!;
    assert.equal(uptime.type, DataPointType.GAUGE);
    assert.equal(uptime.unit, 's');
    const count = points.find((p) => p.name === 'system.cpu.logical.count')!;
    assert.equal(count.type, DataPointType.SUM);
    assert.equal(count.monotonic, false);
    assert.equal(count.unit, '{cpu}');
  });
  it("system.cpu.utilization from the second collection: each mode's share of the ticks between; system.cpu.time never goes back", async () => {
    const t = tempDir();
    const s = session({ ...options, procRoot: join(t.dir, 'proc'), sysRoot: join(t.dir, 'sys') });
    try {
      cpSync(caseDir('linux', name), t.dir, { recursive: true });
      const stat = join(t.dir, 'proc', 'stat');
      const first = await s.collect();
      assert.equal(first.points.filter((p) => p.name === 'system.cpu.utilization').length, 0);
      // 200 ticks later: user +50, system +25, idle +100, softirq +25; iowait 3552 -> 3551 (it went back).
      const text = readFileSync(stat, 'utf8').replace(/^cpu {2}.*$/m, 'cpu  301904 612 111947 8979104 3551 2 3969 0 44 36');
      writeFileSync(stat, text);
      const { points, errors } = await s.collect();
      assert.deepEqual(errors, []);
      const u = (mode: string) => value(points, 'system.cpu.utilization', { 'cpu.mode': mode });
      // The share of 200 elapsed ticks (iowait's dip counts as 0 there, as counterDelta says).
      assert.deepEqual(['user', 'system', 'idle', 'interrupt', 'nice', 'iowait', 'steal'].map(u), [50 / 200, 25 / 200, 100 / 200, 25 / 200, 0, 0, 0]);
      const util = points.find((p) => p.name === 'system.cpu.utilization')!;
      assert.equal(util.type, DataPointType.GAUGE);
      assert.equal(util.unit, '1');
      // The guard: iowait stays 35.52 s (node_exporter's rule), the rest move on.
      assert.equal(value(points, 'system.cpu.time', { 'cpu.mode': 'iowait' }), 35.52);
      assert.equal(value(points, 'system.cpu.time', { 'cpu.mode': 'user' }), 3019.04);
    } finally {
      await s.close();
      t.remove();
    }
  });
  it('system.process.count only when asked for (groups: { processes: true }), per process.state (gopsutil-4cpu, its expected/process-count.json)', async () => {
    const none = await collect({ ...options, procRoot: procRootOf('gopsutil-4cpu'), sysRoot: sysRootOf('gopsutil-4cpu') });
    assert.equal(none.points.filter((p) => p.name === 'system.process.count').length, 0);
    const { points, errors } = await collect({ ...options, procRoot: procRootOf('gopsutil-4cpu'), sysRoot: sysRootOf('gopsutil-4cpu'), groups: { ...options.groups, processes: true } });
    assert.deepEqual(errors, []);
    const c = expectedJson<{ running: number; sleeping: number; stopped: number; zombie: number }>('linux', 'gopsutil-4cpu', 'process-count');
    const n = (state: string) => value(points, 'system.process.count', { 'process.state': state });
    assert.deepEqual([n('running'), n('sleeping'), n('stopped'), n('defunct')], [c.running, c.sleeping, c.stopped, c.zombie]);
    assert.deepEqual([n('running'), n('sleeping'), n('stopped'), n('defunct')], [0, 4, 2, 1]);
    const p = points.find((x) => x.name === 'system.process.count')!;
    assert.equal(p.unit, '{process}');
    assert.equal(p.monotonic, false);
  });
});

describe('system.disk.*, system.network.* (fsdisknet-netns-captured), system.filesystem.* (by hand)', () => {
  const name = 'fsdisknet-netns-captured';
  const options = { platform: 'linux', procRoot: procRootOf(name), sysRoot: sysRootOf(name), groups: { memory: false, paging: false, container: false, cpu: false, host: false, filesystem: false } };
  it('system.disk.io and .operations per device and direction: expected/disk.json (sectors x 512), monotonic sums', async () => {
    const { points, errors } = await collect(options);
    assert.deepEqual(errors, []);
    const disks = expectedJson<{ diskName: string; readBytes: number; writeBytes: number; readOps: number; writeOps: number }[]>('linux', name, 'disk');
    assert.equal(disks.length, 10);
    for (const d of disks) {
      const at = (instrument: string, direction: string) => value(points, instrument, { 'system.device': d.diskName, 'disk.io.direction': direction });
      assert.deepEqual(
        [at('system.disk.io', 'read'), at('system.disk.io', 'write'), at('system.disk.operations', 'read'), at('system.disk.operations', 'write')],
        [d.readBytes, d.writeBytes, d.readOps, d.writeOps],
        d.diskName,
      );
    }
    // loop0 16 0 116 0 32 14 24808 ...: 116 x 512 read, 24808 x 512 written.
    assert.equal(value(points, 'system.disk.io', { 'system.device': 'loop0', 'disk.io.direction': 'read' }), 59392);
    assert.equal(value(points, 'system.disk.io', { 'system.device': 'loop0', 'disk.io.direction': 'write' }), 12701696);
    for (const [instrument, unit] of [
      ['system.disk.io', 'By'],
      ['system.disk.operations', '{operation}'],
    ]) {
      const p = points.find((x) => x.name === instrument)!;
      assert.equal(p.type, DataPointType.SUM, instrument);
      assert.equal(p.monotonic, true, instrument);
      assert.equal(p.unit, unit, instrument);
    }
  });
  it('system.network.io, .packet.count, .errors per interface and direction: expected/net-io.json', async () => {
    const { points, errors } = await collect(options);
    assert.deepEqual(errors, []);
    const nets = expectedJson<{ interfaceName: string; rx: number; tx: number; ipackets: number; opackets: number; ierrors: number; oerrors: number }[]>('linux', name, 'net-io');
    assert.equal(nets.length, 10);
    for (const n of nets) {
      const at = (instrument: string, direction: string) => value(points, instrument, { 'network.interface.name': n.interfaceName, 'network.io.direction': direction });
      assert.deepEqual(
        ['system.network.io', 'system.network.packet.count', 'system.network.errors'].flatMap((i) => [at(i, 'receive'), at(i, 'transmit')]),
        [n.rx, n.tx, n.ipackets, n.opackets, n.ierrors, n.oerrors],
        n.interfaceName,
      );
    }
    // README: veth0 rx 890 / tx 791; /proc/net/dev: 10 packets in, 11 out.
    const veth0 = (instrument: string, direction: string) => value(points, instrument, { 'network.interface.name': 'veth0', 'network.io.direction': direction });
    assert.deepEqual(
      [veth0('system.network.io', 'receive'), veth0('system.network.io', 'transmit'), veth0('system.network.packet.count', 'receive'), veth0('system.network.packet.count', 'transmit')],
      [890, 791, 10, 11],
    );
    for (const [instrument, unit] of [
      ['system.network.io', 'By'],
      ['system.network.packet.count', '{packet}'],
      ['system.network.errors', '{error}'],
    ]) {
      const p = points.find((x) => x.name === instrument)!;
      assert.equal(p.type, DataPointType.SUM, instrument);
      assert.equal(p.monotonic, true, instrument);
      assert.equal(p.unit, unit, instrument);
    }
  });
  it("system.filesystem.usage: used, free (to non-root), reserved add up to the size (the ext4 image of that case's statfs-at-capture.txt)", () => {
    // 7033 blocks of 4096, 5491 free, 4919 available to non-root (5 % reserve).
    const ext4 = { deviceName: '/dev/loop0', fsType: 'ext4', mntPoint: '/tmp/sg2cap/ext4 loop', readOnly: false, blockSize: 4096, totalBlocks: 7033, freeBlocks: 5491, availBlocks: 4919 } as FsStats;
    const obs = filesystemObservations([ext4]);
    const at = (instrument: string, state: string) => obs.find((o) => o.instrument === instrument && o.attributes['system.filesystem.state'] === state)?.value;
    assert.equal(at('system.filesystem.usage', 'used'), (7033 - 5491) * 4096);
    assert.equal(at('system.filesystem.usage', 'free'), 4919 * 4096);
    assert.equal(at('system.filesystem.usage', 'reserved'), (5491 - 4919) * 4096);
    assert.equal(at('system.filesystem.utilization', 'used'), 1542 / 7033);
    assert.deepEqual(obs[0]!.attributes, {
      'system.device': '/dev/loop0',
      'system.filesystem.mountpoint': '/tmp/sg2cap/ext4 loop',
      'system.filesystem.type': 'ext4',
      'system.filesystem.mode': 'rw',
      'system.filesystem.state': 'used',
    });
  });
});
