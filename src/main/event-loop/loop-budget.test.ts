import { describe, expect, it } from 'vitest';
import { admitted, LOOP_BUDGET_MS, MAX_IN_FLIGHT, yieldToLoop } from './loop-budget';

/** busy holds the thread for ms, as a synchronous store call would. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('loop budget', () => {
  it('admits at most MAX_IN_FLIGHT calls at once and runs every call', async () => {
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        admitted(async () => {
          running++;
          most = Math.max(most, running);
          await Promise.resolve();
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(most).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });

  it('lets a macrotask in while a Promise.all of slow calls runs', async () => {
    let done = 0;
    let doneWhenImmediateRan = -1;
    setImmediate(() => (doneWhenImmediateRan = done));
    // 100 calls of half the budget each: without admission they would all run in one microtask drain.
    await Promise.all(
      Array.from({ length: 100 }, () =>
        admitted(async () => {
          busy(LOOP_BUDGET_MS / 2);
          done++;
        }),
      ),
    );
    expect(doneWhenImmediateRan).toBeGreaterThanOrEqual(0);
    expect(doneWhenImmediateRan).toBeLessThan(100);
  });

  it('yieldToLoop defers a hot loop once the turn is over budget', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    for (let i = 0; i < 20; i++) {
      busy(LOOP_BUDGET_MS / 2);
      const pause = yieldToLoop();
      if (pause) await pause;
    }
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
