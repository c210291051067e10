import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameBatch } from './frame-batch';

describe('FrameBatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands a burst of items to the sink in one call, later', () => {
    const calls: number[][] = [];
    const batch = new FrameBatch<number>((items) => calls.push(items));
    for (let i = 0; i < 100; i++) batch.push(i);
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(100);
    batch.push(100);
    vi.advanceTimersByTime(1000);
    expect(calls.map((c) => c.length)).toEqual([100, 1]);
  });

  it('flushes at once on demand, and not again afterwards', () => {
    const calls: number[][] = [];
    const batch = new FrameBatch<number>((items) => calls.push(items));
    batch.push(1);
    batch.push(2);
    batch.flush();
    expect(calls).toEqual([[1, 2]]);
    vi.advanceTimersByTime(1000);
    batch.flush();
    expect(calls).toEqual([[1, 2]]);
  });
});
