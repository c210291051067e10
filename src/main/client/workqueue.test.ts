import { describe, expect, it } from 'vitest';
import { FakeClock } from './testing/fake-clock';
import { BucketRateLimiter, ItemExponentialRateLimiter, WorkQueue } from './workqueue';

describe('WorkQueue', () => {
  it('deduplicates keys that are queued', () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(q.tryGet()).toBe('a');
    expect(q.tryGet()).toBe('b');
    expect(q.tryGet()).toBeUndefined();
  });

  it('never hands out a key being processed; a re-add comes back after done', () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    q.add('a');
    const k = q.tryGet();
    expect(k).toBe('a');
    q.add('a');
    expect(q.tryGet()).toBeUndefined();
    q.done('a');
    expect(q.tryGet()).toBe('a');
  });

  it('wakes a waiting get, and shutDown wakes waiters with undefined', async () => {
    const q = new WorkQueue<string>({ clock: new FakeClock() });
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
    const p2 = q.get();
    q.shutDown();
    expect(await p2).toBeUndefined();
    q.add('y');
    expect(q.len()).toBe(0);
  });

  it('addAfter delivers after the delay; the earliest pending delay wins', () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock });
    q.addAfter('a', 1000);
    q.addAfter('a', 500);
    q.addAfter('a', 2000);
    clock.advance(499);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.tryGet()).toBe('a');
    q.done('a');
    clock.advance(5000);
    expect(q.len()).toBe(0);
  });

  it('backs a failing key off exponentially and forget resets it', () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>({ clock, rateLimiter: new ItemExponentialRateLimiter(5, 1000_000) });
    q.addRateLimited('a'); // 5 ms
    clock.advance(4);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.tryGet()).toBe('a');
    q.done('a');
    q.addRateLimited('a'); // 10 ms
    clock.advance(9);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.numRequeues('a')).toBe(2);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('caps per-item backoff at the maximum', () => {
    const l = new ItemExponentialRateLimiter<string>(5, 1000_000);
    let last = 0;
    for (let i = 0; i < 40; i++) last = l.when('a');
    expect(last).toBe(1000_000);
  });

  it('token bucket lets a burst through, then spaces items at qps', () => {
    const clock = new FakeClock();
    const b = new BucketRateLimiter<string>(10, 3, clock);
    expect([b.when('a'), b.when('b'), b.when('c')]).toEqual([0, 0, 0]);
    expect(b.when('d')).toBeCloseTo(100);
    expect(b.when('e')).toBeCloseTo(200);
    clock.advance(1000);
    expect(b.when('f')).toBe(0);
  });
});
