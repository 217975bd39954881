import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterDelta, percentOf, perSecond, PreviousSample, U32_WRAP } from '../../src/sampler.js';

describe('sampler: rates from two samples', () => {
  it('a counter that grew: the difference', () => {
    assert.equal(counterDelta(100, 250), 150);
  });
  it('a 32-bit counter that wrapped once: counted across the wrap', () => {
    assert.equal(counterDelta(U32_WRAP - 10, 5, U32_WRAP), 15);
  });
  it('a counter that was reset (or a 64-bit one that went back): the growth since the reset, never negative', () => {
    assert.equal(counterDelta(5000, 40), 40);
    assert.equal(counterDelta(2 ** 40, 7, U32_WRAP), 7, 'a value past 2^32 cannot have wrapped at 2^32');
  });
  it('per second over milliseconds; 0 for an empty or backwards interval', () => {
    assert.equal(perSecond(500, 250), 2000);
    assert.equal(perSecond(500, 0), 0);
    assert.equal(perSecond(500, -5), 0);
  });
  it('percentages stay in [0, 100] and 0 of nothing is 0', () => {
    assert.equal(percentOf(1, 4), 25);
    assert.equal(percentOf(5, 0), 0);
    assert.equal(percentOf(-1, 4), 0);
    assert.equal(percentOf(9, 4), 100);
  });
  it('PreviousSample hands back what was stored under a key, per key', () => {
    const p = new PreviousSample<number>();
    assert.equal(p.exchange('a', 1), undefined);
    assert.equal(p.exchange('b', 10), undefined);
    assert.equal(p.exchange('a', 2), 1);
    assert.equal(p.exchange('b', 11), 10);
    p.clear();
    assert.equal(p.exchange('a', 3), undefined);
  });
});
