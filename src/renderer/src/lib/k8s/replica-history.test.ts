import { describe, expect, it } from 'vitest';
import type { Event } from '../../../../shared/api/core';
import { addSample, replicaChartData, scaleEvents, stepPath } from './replica-history';

const ev = (msg: string, at: string, reason = 'SuccessfulRescale'): Event => ({ metadata: { name: 'x' }, reason, message: msg, lastTimestamp: at, involvedObject: {} }) as Event;

describe('replica history', () => {
  it('reads SuccessfulRescale events oldest first, ignoring others', () => {
    const out = scaleEvents([
      ev('New size: 3; reason: cpu resource utilization (percentage of request) above target', '2026-01-01T00:02:00Z'),
      ev('New size: 2; reason: Current number of replicas below Spec.MinReplicas', '2026-01-01T00:01:00Z'),
      ev('New size: 9; reason: x; error: boom', '2026-01-01T00:03:00Z', 'FailedRescale'),
    ]);
    expect(out.map((e) => [e.size, e.reason])).toEqual([
      [2, 'Current number of replicas below Spec.MinReplicas'],
      [3, 'cpu resource utilization (percentage of request) above target'],
    ]);
  });

  it('adds a repeated sample only after the gap, and keeps at most max', () => {
    let s = addSample([], { t: 0, desired: 1, current: 1 });
    s = addSample(s, { t: 4_000, desired: 1, current: 1 });
    expect(s).toHaveLength(1);
    s = addSample(s, { t: 6_000, desired: 2, current: 1 });
    s = addSample(s, { t: 16_000, desired: 2, current: 1 });
    expect(s).toHaveLength(3);
    expect(addSample(s, { t: 17_000, desired: 3, current: 2 }, 2).map((x) => x.t)).toEqual([16_000, 17_000]);
  });

  it('joins events into the desired line; current follows samples only', () => {
    const now = 1_000_000;
    const d = replicaChartData([{ t: now - 10_000, desired: 2, current: 2 }], [{ t: now - 100_000, size: 2, reason: 'r', count: 1 }], now, 4);
    expect(d.from).toBe(now - 100_000);
    expect(d.desired).toEqual([{ t: now - 100_000, v: 2 }]);
    expect(d.current).toEqual([{ t: now - 10_000, v: 2 }]);
    expect(d.top).toBe(4);
    expect(stepPath([{ t: 0, v: 1 }, { t: 50, v: 2 }], 0, 100, 2, 100, 10)).toBe('0.0,5.0 50.0,5.0 50.0,0.0 100.0,0.0');
  });
});
