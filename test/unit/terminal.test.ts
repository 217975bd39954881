import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clock, fitToScreen, realClock, repeat, rowsOf, Wake } from '../../src/cli/common/terminal.js';

/** A clock that jumps: sleeping advances it, `stall` adds time as a SIGSTOP would. */
function fakeClock() {
  const state = { now: 0, slept: [] as number[] };
  const clock: Clock = {
    now: () => state.now,
    sleep: async (ms) => {
      state.slept.push(ms);
      state.now += ms;
    },
  };
  return { state, clock };
}

describe('repeat(): a fixed schedule, missed ticks skipped', () => {
  it('after a stall of 50 intervals (SIGSTOP 5 s at -s 0.1), the next report comes at the next tick, not 50 at once', async () => {
    const { state, clock } = fakeClock();
    const drawnAt: number[] = [];
    await repeat(
      100,
      5,
      (n) => {
        drawnAt.push(state.now);
        if (n === 2) state.now += 5000; // stopped for 5 s right after report 2
      },
      clock,
    );
    // Report 2 at 100; the process is back at 5100; ticks 200..5100 are gone.
    assert.deepEqual(drawnAt, [0, 100, 5200, 5300, 5400]);
  });
  it('a wake draws at once and keeps the schedule', async () => {
    const wake = new Wake();
    const { state } = fakeClock();
    const drawnAt: number[] = [];
    const clock: Clock = {
      now: () => state.now,
      sleep: async (ms, signal) => {
        // The third wait is cut short 30 ms in, as SIGCONT would.
        if (drawnAt.length === 3) {
          state.now += 30;
          wake.wake();
          assert.equal(signal?.aborted, true);
          return;
        }
        state.now += ms;
      },
    };
    await repeat(
      100,
      5,
      () => {
        drawnAt.push(state.now);
      },
      clock,
      wake,
    );
    assert.deepEqual(drawnAt, [0, 100, 200, 230, 300]);
  });
  it('the real clock wakes early on abort and clears its timer', async () => {
    const wake = new Wake();
    const started = performance.now();
    setTimeout(() => wake.wake(), 20);
    await realClock.sleep(60_000, wake.signal);
    assert.ok(performance.now() - started < 5000);
  });
});

describe('fitToScreen(): a report never taller than the terminal', () => {
  const report = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;
  it('keeps what fits in rows - 1 and says how many lines are left out', () => {
    const fitted = fitToScreen(report, 80, 10);
    assert.equal(rowsOf(fitted, 80), 9);
    const lines = fitted.split('\n');
    assert.equal(lines[0], 'line 1');
    assert.equal(lines[7], 'line 8');
    assert.equal(lines[8], '... 22 more lines: enlarge the terminal to see them');
  });
  it('counts wrapped rows', () => {
    // Each line takes 3 rows at 40 columns: two lines (6 rows) and the note fit in 9.
    const wide = `${'x'.repeat(100)}\n`.repeat(5);
    const fitted = fitToScreen(wide, 40, 10);
    assert.equal(rowsOf(fitted, 40), 7);
    assert.match(fitted, /\n\.\.\. 3 more lines: enlarge the terminal \n$/);
  });
  it('leaves a report that fits alone', () => {
    assert.equal(fitToScreen('a\nb\n', 80, 10), 'a\nb\n');
  });
});
