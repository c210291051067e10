import { afterEach, describe, expect, it } from 'vitest';
import type { RevisionItem, RevisionList } from '../../../../shared/api/revision-history';
import { describeKey, formatDuration } from '../../../../shared/api/revision-history';
import { ascending, backToLive, describeChange, formatClock, stepAt, subscribeTravel, travelLabel, travelTarget, travelTo } from './time-travel';

const item = (revision: number, time = '2026-12-03T14:03:12.000Z'): RevisionItem => ({ revision, time, type: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' });

const list = (revisions: number[]): RevisionList => ({
  kind: 'RevisionList',
  apiVersion: 'kubedeck.io/v1alpha1',
  currentRevision: Math.max(...revisions),
  oldestRevision: 0,
  windowSeconds: 3600,
  maxRevisions: 200_000,
  items: [...revisions].sort((a, b) => b - a).map((r) => item(r)),
  more: false,
});

describe('the slider steps', () => {
  it('run oldest to newest', () => {
    expect(ascending(list([4, 9, 7])).map((s) => s.revision)).toEqual([4, 7, 9]);
    expect(ascending(undefined)).toEqual([]);
  });

  it('put a revision on the newest step at or below it', () => {
    const steps = ascending(list([4, 7, 9]));
    expect(stepAt(steps, 7)).toBe(1);
    expect(stepAt(steps, 8)).toBe(1);
    expect(stepAt(steps, 100)).toBe(2);
    // Older than every step: the first one (the slider's left end).
    expect(stepAt(steps, 2)).toBe(0);
    expect(stepAt([], 5)).toBe(-1);
  });
});

describe('labels', () => {
  it('say which revision, when, and what changed', () => {
    const t = new Date(2026, 11, 3, 14, 3, 12);
    expect(formatClock(t)).toBe('14:03:12');
    expect(travelLabel({ revision: 1234, change: { ...item(1234), time: t.toISOString() } })).toBe('Viewing revision 1234 at 14:03:12');
    expect(travelLabel({ revision: 1234 })).toBe('Viewing revision 1234');
    expect(describeChange(item(3))).toBe('update deployments.apps default/web');
    expect(describeChange({ ...item(3), group: '', resource: 'nodes', namespace: undefined, name: 'n1', type: 'create' } as RevisionItem)).toBe('create nodes n1');
  });

  it('read store keys and the window', () => {
    expect(describeKey('/registry/core/pods/default/web-1')).toEqual({ group: '', resource: 'pods', namespace: 'default', name: 'web-1' });
    expect(describeKey('/registry/core/nodes/kubedeck')).toEqual({ group: '', resource: 'nodes', name: 'kubedeck' });
    expect(describeKey('/other/thing')).toBeUndefined();
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});

describe('the travel target', () => {
  afterEach(() => backToLive());

  it('notifies subscribers once per change and is cleared by Live', () => {
    let calls = 0;
    const off = subscribeTravel(() => calls++);
    travelTo({ revision: 12 });
    travelTo({ revision: 12 });
    expect(travelTarget()).toEqual({ revision: 12 });
    expect(calls).toBe(1);
    travelTo({ revision: 12, change: item(11) });
    expect(calls).toBe(2);
    backToLive();
    backToLive();
    expect(travelTarget()).toBeUndefined();
    expect(calls).toBe(3);
    off();
  });
});
