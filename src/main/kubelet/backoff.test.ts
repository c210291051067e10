import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('Backoff (CrashLoopBackOff arithmetic)', () => {
  it('restarts at once, then waits 10s doubling to 300s', () => {
    const c = clock();
    const b = new Backoff(10_000, 300_000, c);
    const k = 'uid/app';
    expect(b.isInBackOffSince(k, c.t)).toBe(false);
    b.next(k, c.t);
    expect(b.get(k)).toBe(10_000);
    const delays = [b.get(k)];
    for (let i = 0; i < 8; i++) {
      const finished = c.t;
      expect(b.isInBackOffSince(k, finished)).toBe(true);
      c.t += b.get(k);
      expect(b.isInBackOffSince(k, finished)).toBe(false);
      b.next(k, finished);
      delays.push(b.get(k));
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000]);
  });

  it('starts over after 10 minutes without a failure', () => {
    const c = clock();
    const b = new Backoff(10_000, 300_000, c);
    b.next('k', c.t);
    c.t += 10_000;
    b.next('k', c.t);
    expect(b.get('k')).toBe(20_000);
    c.t += 600_001;
    expect(b.isInBackOffSince('k', c.t)).toBe(false);
    b.next('k', c.t);
    expect(b.get('k')).toBe(10_000);
  });

  it('reports remaining time and forgets a pod', () => {
    const c = clock();
    const b = new Backoff(10_000, 300_000, c);
    b.next('uid/a', c.t);
    b.next('uid/b', c.t);
    c.t += 4_000;
    expect(b.remainingMs('uid/a', c.t - 4_000)).toBe(6_000);
    b.resetPrefix('uid/');
    expect(b.get('uid/a')).toBe(0);
    expect(b.get('uid/b')).toBe(0);
  });
});
