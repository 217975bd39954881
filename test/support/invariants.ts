import assert from 'node:assert/strict';
import { STAT_ERROR_CODES, StatError, type MemStats, type StatErrorCode, type SwapStats } from '../../src/index.js';

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** What every MemStats must satisfy, whatever the input. */
export function assertValidMem(m: MemStats): void {
  assert.ok(isCount(m.total), `total ${m.total}`);
  for (const k of ['free', 'used', 'available', 'cache'] as const) {
    assert.ok(isCount(m[k]) && m[k] <= m.total, `${k} = ${m[k]} with total ${m.total}`);
  }
  assert.equal(m.used + m.free, m.total, 'used + free = total');
  assert.ok(m.cache <= m.free, `cache ${m.cache} <= free ${m.free}`);
  for (const k of ['buffers', 'shared', 'active', 'inactive', 'wired', 'laundry'] as const) {
    if (m[k] !== undefined) assert.ok(isCount(m[k]), `${k} = ${m[k]}`);
  }
  if (m.arc) for (const k of ['size', 'min', 'max'] as const) assert.ok(isCount(m.arc[k]), `arc.${k} = ${m.arc[k]}`);
}

/** What every SwapStats must satisfy. */
export function assertValidSwap(s: SwapStats): void {
  assert.ok(isCount(s.total) && isCount(s.used) && isCount(s.free), JSON.stringify(s));
  assert.ok(s.used <= s.total && s.free <= s.total && s.used + s.free === s.total, JSON.stringify(s));
  for (const d of s.devices ?? []) {
    assert.ok(typeof d.name === 'string' && isCount(d.total) && isCount(d.used) && d.used <= d.total, JSON.stringify(d));
  }
}

/** Run `fn`: it returns (checked by `check`) or throws a StatError with a known code. Nothing else. */
export function statsOrStatError<T>(fn: () => T, check: (value: T) => void): 'ok' | StatError {
  let value: T;
  try {
    value = fn();
  } catch (err) {
    assert.ok(err instanceof StatError, `threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message ?? err}`);
    assert.ok(STAT_ERROR_CODES.includes(err.code), err.code);
    assert.ok(typeof err.arg === 'string' && err.arg.length > 0);
    assert.ok(typeof err.message === 'string' && err.message.length > 0 && !/undefined|NaN/.test(err.message), err.message);
    return err;
  }
  check(value);
  return 'ok';
}

/** `fn` must throw a StatError with exactly this code, arg and errno, and a real message. */
export function expectStatError(fn: () => unknown, code: StatErrorCode, arg: string | RegExp, errno?: number): StatError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof StatError, `expected a StatError, got ${caught}`);
  assert.equal(caught.code, code);
  if (typeof arg === 'string') assert.equal(caught.arg, arg);
  else assert.match(caught.arg, arg);
  assert.equal(caught.errno, errno);
  assert.ok(caught.message.length > 10 && !/undefined|NaN/.test(caught.message), caught.message);
  return caught;
}
