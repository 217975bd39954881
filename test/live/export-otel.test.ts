import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMemStats, getSwapStats } from '../../src/index.js';
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
});
