import { describe, expect, it } from 'vitest';
import type { Pod } from './pod';
import { countByStatus } from './pod-summary';

const pod = (name: string, phase: NonNullable<Pod['status']>['phase'], extra: Partial<Pod> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: name },
  spec: { containers: [{ name: 'c', image: 'x' }] },
  status: { phase },
  ...extra,
});

describe('countByStatus', () => {
  it('counts pods per status, errors first, then the largest groups', () => {
    const pods = [pod('a', 'Running'), pod('b', 'Running'), pod('c', 'Pending'), pod('d', 'Failed'), pod('e', 'Running')];
    expect(countByStatus(pods)).toEqual([
      { status: 'Failed', tone: 'error', count: 1 },
      { status: 'Pending', tone: 'progress', count: 1 },
      { status: 'Running', tone: 'ok', count: 3 },
    ]);
  });

  it('is empty for no pods', () => {
    expect(countByStatus([])).toEqual([]);
  });
});
