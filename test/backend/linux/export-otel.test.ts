import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { collect, value } from '../../support/otel.js';
import { procRootOf, sysRootOf } from '../../support/helpers.js';

/*
 * sysgrab/otel read through @opentelemetry/sdk-metrics' in-memory exporter,
 * on a fixture whose figures are worked out by hand below from its
 * /proc/meminfo and /proc/swaps (KiB x 1024).
 */

describe('sysgrab/otel through the SDK in-memory reader (db-hugepages-psi-16g, by hand)', () => {
  const options = { platform: 'linux', procRoot: procRootOf('db-hugepages-psi-16g') };
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
    // The container getter reads the host's meminfo too (for available): it fails as well.
    assert.deepEqual(errors.sort(), ['container', 'memory']);
    assert.equal(points.filter((p) => p.name.startsWith('system.memory.')).length, 0);
    // SwapTotal and SwapFree still parse; that case has no /proc/swaps: totals without a device.
    assert.equal(value(points, 'system.paging.usage', { 'system.paging.state': 'used' }), 0);
  });
  it('container.memory.* of a k8s pod (k8s-pod-v2-cgroupns, its expected/container.json)', async () => {
    const { points, errors } = await collect({ platform: 'linux', procRoot: procRootOf('k8s-pod-v2-cgroupns'), sysRoot: sysRootOf('k8s-pod-v2-cgroupns') });
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
