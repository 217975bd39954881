import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DiskIoStats, NetworkIoStats } from '../../src/index.js';
import { diskIoDeltas, diskIoRates, netCounterDelta, networkIoDeltas, networkIoRates, U32_WRAP } from '../../src/sampler.js';

/*
 * Rates from two samples of disk and interface counters: per second over the
 * samples' own times, never negative, whatever the counters did between
 * them (wrapped at 2^32 on a 32-bit kernel, reset by a re-created
 * interface), and an interface that went away simply has no rate.
 */

const net = (interfaceName: string, time: number, c: Partial<NetworkIoStats> = {}): NetworkIoStats => ({
  interfaceName,
  tx: 0,
  rx: 0,
  ipackets: 0,
  opackets: 0,
  ierrors: 0,
  oerrors: 0,
  collisions: 0,
  time,
  ...c,
});
const disk = (diskName: string, time: number, c: Partial<DiskIoStats> = {}): DiskIoStats => ({ diskName, readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0, time, ...c });

describe('network rates', () => {
  it('bytes and packets per second over the samples’ times (2.5 s here)', () => {
    const [r] = networkIoRates([net('eth0', 1000, { rx: 1000, tx: 500, ipackets: 10 })], [net('eth0', 3500, { rx: 6000, tx: 3000, ipackets: 35 })]);
    assert.deepEqual(r, {
      interfaceName: 'eth0',
      rxPerSecond: 2000,
      txPerSecond: 1000,
      ipacketsPerSecond: 10,
      opacketsPerSecond: 0,
      ierrorsPerSecond: 0,
      oerrorsPerSecond: 0,
      collisionsPerSecond: 0,
      wrapped: false,
      reset: false,
    });
  });
  it('a 32-bit counter that wrapped (the router fixture’s eth0 at 4294901234) is counted across the wrap', () => {
    // 4294901234 -> wraps -> 200000: grew by 2^32 - 4294901234 + 200000 = 266062 bytes in 1 s.
    const [r] = networkIoRates([net('eth0', 0, { rx: 4294901234 })], [net('eth0', 1000, { rx: 200000 })]);
    assert.equal(r!.rxPerSecond, 266062);
    assert.equal(r!.wrapped, true);
    assert.equal(r!.reset, false);
  });
  it('a counter reset by a re-created interface counts from 0, never negative', () => {
    // 64-bit counter 10 GB -> 5 MB: reset, grew by 5 MB since.
    const [r] = networkIoRates([net('eth0', 0, { rx: 10e9 })], [net('eth0', 2000, { rx: 5e6 })]);
    assert.equal(r!.rxPerSecond, 2.5e6);
    assert.equal(r!.reset, true);
    // 1e9 -> 1000 below 2^32: reading it as a wrap would mean 2^32 - 1e9 + 1000 = 3294968296 bytes
    // (more than half the range) in the interval, so it is a reset.
    assert.deepEqual(netCounterDelta(1_000_000_000, 1000), { delta: 1000, wrapped: false, reset: true });
    // 3e9 -> 1000: 2^32 - 3e9 + 1000 = 1294968296, under half the range: a wrap.
    assert.deepEqual(netCounterDelta(3_000_000_000, 1000), { delta: 1294968296, wrapped: true, reset: false });
  });
  it('an interface that disappeared has no rate; one that appeared has none either; order is the later sample’s', () => {
    const rates = networkIoRates([net('eth0', 0), net('tun0', 0, { rx: 50 })], [net('wg0', 1000, { rx: 9 }), net('eth0', 1000, { rx: 100 })]);
    assert.deepEqual(
      rates.map((r) => [r.interfaceName, r.rxPerSecond]),
      [['eth0', 100]],
    );
  });
  it('libstatgrab-style deltas (statgrab -o): growth, ms between samples; a new interface counts from 0', () => {
    const d = networkIoDeltas([net('eth0', 1000, { rx: 10, tx: U32_WRAP - 5 })], [net('eth0', 2000, { rx: 30, tx: 5 }), net('wg0', 2000, { rx: 7 })]);
    assert.deepEqual(
      d.map((x) => [x.interfaceName, x.rx, x.tx, x.time]),
      [
        ['eth0', 20, 10, 1000],
        ['wg0', 7, 0, 0],
      ],
    );
  });
  it('property: whatever two samples hold, every rate is finite and >= 0', () => {
    const counter = fc.oneof(fc.nat(2 ** 32 - 1), fc.nat(Number.MAX_SAFE_INTEGER));
    fc.assert(
      fc.property(counter, counter, counter, counter, fc.integer({ min: -5000, max: 5000 }), (a, b, c, d, dt) => {
        const [r] = networkIoRates([net('x', 10000, { rx: a, tx: c })], [net('x', 10000 + dt, { rx: b, tx: d })]);
        for (const v of Object.values(r!)) if (typeof v === 'number') assert.ok(Number.isFinite(v) && v >= 0, String(v));
      }),
    );
  });
});

describe('disk rates', () => {
  it('bytes and operations per second; a disk re-created with smaller counters is a reset from 0', () => {
    const rates = diskIoRates(
      [disk('sda', 0, { readBytes: 1024, writeOps: 10 }), disk('sdb', 0, { readBytes: 5e9 })],
      [disk('sda', 500, { readBytes: 3072, writeOps: 15 }), disk('sdb', 500, { readBytes: 4096 })],
    );
    assert.deepEqual(
      rates.map((r) => [r.diskName, r.readBytesPerSecond, r.writeOpsPerSecond, r.reset]),
      [
        ['sda', 4096, 10, false],
        ['sdb', 8192, 0, true],
      ],
    );
  });
  it('an empty or backwards interval gives 0, not Infinity or a negative rate', () => {
    assert.equal(diskIoRates([disk('sda', 5)], [disk('sda', 5, { readBytes: 100 })])[0]!.readBytesPerSecond, 0);
    assert.equal(diskIoRates([disk('sda', 5)], [disk('sda', 1, { readBytes: 100 })])[0]!.readBytesPerSecond, 0);
  });
  it('deltas: a disk that went away is left out, a new one counts from 0', () => {
    const d = diskIoDeltas([disk('sda', 0, { readBytes: 10 }), disk('sdb', 0)], [disk('sda', 1000, { readBytes: 30 }), disk('sdc', 1000, { readBytes: 4 })]);
    assert.deepEqual(
      d.map((x) => [x.diskName, x.readBytes, x.time]),
      [
        ['sda', 20, 1000],
        ['sdc', 4, 0],
      ],
    );
  });
});
