import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDiskIoStats, getFsStats, getMemStats, getNetworkIoStats, getSwapStats } from '../../src/index.js';
import { collect, value } from '../support/otel.js';

/*
 * sysgrab/otel on this machine, read through @opentelemetry/sdk-metrics'
 * in-memory exporter, against the getters called just before and just
 * after the collection.
 */

const skip = process.platform === 'linux' ? false : 'reads Linux /proc';

describe("sysgrab/otel on this machine's /proc", { skip }, () => {
  it("the instruments give the getters' values", async () => {
    const before = getMemStats();
    const swapBefore = getSwapStats();
    const { points, errors } = await collect({});
    const after = getMemStats();
    assert.deepEqual(errors, []);
    assert.equal(value(points, 'system.memory.limit'), before.total);
    const within = (v: number | undefined, a: number, b: number, what: string) => {
      const slack = Math.abs(b - a);
      assert.ok(v !== undefined && v >= Math.min(a, b) - slack && v <= Math.max(a, b) + slack, `${what}: ${v} not between ${a} and ${b}`);
    };
    within(value(points, 'system.memory.usage', { 'system.memory.state': 'used' }), before.total - before.available, after.total - after.available, 'used');
    within(value(points, 'system.memory.linux.available'), before.available, after.available, 'available');
    within(value(points, 'system.memory.usage', { 'system.memory.state': 'cached' }), before.cache, after.cache, 'cached');
    const paging = points.filter((p) => p.name === 'system.paging.usage');
    assert.equal(paging.length, 2 * (swapBefore.devices?.length ?? 1), 'used and free per swap device');
  });
  it('file systems: used + free + reserved is the size, exactly; disk and network counters within what moved between two getter reads', async () => {
    const fsBefore = getFsStats();
    const diskBefore = getDiskIoStats();
    const netBefore = getNetworkIoStats();
    const { points, errors } = await collect({});
    const diskAfter = getDiskIoStats();
    const netAfter = getNetworkIoStats();
    assert.deepEqual(errors, []);
    assert.ok(fsBefore.length > 0, 'no file system that stores data here');
    for (const fs of fsBefore) {
      const at = (state: string) =>
        value(points, 'system.filesystem.usage', {
          'system.device': fs.deviceName,
          'system.filesystem.mountpoint': fs.mntPoint,
          'system.filesystem.type': fs.fsType,
          'system.filesystem.mode': fs.readOnly ? 'ro' : 'rw',
          'system.filesystem.state': state,
        });
      assert.equal((at('used') ?? Number.NaN) + (at('free') ?? Number.NaN) + (at('reserved') ?? Number.NaN), fs.size, fs.mntPoint);
    }
    const within = (v: number | undefined, a: number, b: number, what: string) => assert.ok(v !== undefined && v >= Math.min(a, b) && v <= Math.max(a, b), `${what}: ${v} not between ${a} and ${b}`);
    let compared = 0;
    for (const d of diskBefore) {
      const a = diskAfter.find((x) => x.diskName === d.diskName);
      if (a === undefined) continue;
      within(value(points, 'system.disk.io', { 'system.device': d.diskName, 'disk.io.direction': 'write' }), d.writeBytes, a.writeBytes, `${d.diskName} written`);
      within(value(points, 'system.disk.operations', { 'system.device': d.diskName, 'disk.io.direction': 'read' }), d.readOps, a.readOps, `${d.diskName} reads`);
      compared++;
    }
    for (const n of netBefore) {
      const a = netAfter.find((x) => x.interfaceName === n.interfaceName);
      if (a === undefined) continue;
      within(value(points, 'system.network.io', { 'network.interface.name': n.interfaceName, 'network.io.direction': 'receive' }), n.rx, a.rx, `${n.interfaceName} rx`);
      within(value(points, 'system.network.packet.count', { 'network.interface.name': n.interfaceName, 'network.io.direction': 'transmit' }), n.opackets, a.opackets, `${n.interfaceName} opackets`);
      compared++;
    }
    assert.ok(compared >= 2, `${compared} disks and interfaces compared`);
  });
});
