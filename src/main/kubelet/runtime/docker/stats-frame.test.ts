import { describe, expect, it } from 'vitest';
import { usageOfFrame } from './stats-frame';

describe('usageOfFrame', () => {
  const frame = (cpu: number, pre: number, preread: string, usage = 100_000_000, inactive = 30_000_000) => ({
    read: '2026-01-01T00:00:01.000Z',
    preread,
    cpu_stats: { cpu_usage: { total_usage: cpu } },
    precpu_stats: { cpu_usage: { total_usage: pre } },
    memory_stats: { usage, stats: { inactive_file: inactive } },
  });

  it.each([
    ['one core busy for a second', frame(2_000_000_000, 1_000_000_000, '2026-01-01T00:00:00.000Z'), 1_000_000_000],
    ['half a core over two seconds', frame(2_000_000_000, 1_000_000_000, '2025-12-31T23:59:59.000Z'), 500_000_000],
    ['first frame (no previous reading)', frame(2_000_000_000, 0, '0001-01-01T00:00:00Z'), 0],
    ['counter went back', frame(1_000, 2_000, '2026-01-01T00:00:00.000Z'), 0],
  ])('%s', (_name, f, want) => {
    expect(usageOfFrame(f)?.cpuNanoCores).toBe(want);
  });

  it('reports the working set (usage minus inactive_file; cgroup v1 names)', () => {
    expect(usageOfFrame(frame(1, 0, ''))?.memoryWorkingSetBytes).toBe(70_000_000);
    const v1 = { ...frame(1, 0, ''), memory_stats: { usage: 50, stats: { total_inactive_file: 80 } } };
    expect(usageOfFrame(v1)?.memoryWorkingSetBytes).toBe(0);
  });

  it('skips a frame without counters', () => {
    expect(usageOfFrame({ read: '0001-01-01T00:00:00Z' })).toBeUndefined();
  });
});
