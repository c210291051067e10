import { describe, expect, it } from 'vitest';
import { isPaused, pausedComponents, pausePatch, pauseKey, componentOfPauseKey } from '../../shared/api/component-pause';
import { runWorkers } from './worker';
import { PauseGate } from './pause-gate';
import { WorkQueue } from './workqueue';

describe('PauseGate', () => {
  it('holds workers while paused and lets them on at resume', async () => {
    const gate = new PauseGate();
    const queue = new WorkQueue<string>();
    const synced: string[] = [];
    gate.set(true);
    const done = runWorkers(queue, 2, async (k) => void synced.push(k), { gate });
    queue.add('a');
    queue.add('b');
    await new Promise((r) => setImmediate(r));
    expect(synced).toEqual([]);
    gate.set(false);
    await gate.whenRunning();
    await new Promise((r) => setImmediate(r));
    expect(synced.sort()).toEqual(['a', 'b']);
    queue.shutDown();
    await done;
  });

  it('release lets paused workers see the shutdown without syncing', async () => {
    const gate = new PauseGate();
    const queue = new WorkQueue<string>();
    const synced: string[] = [];
    gate.set(true);
    const done = runWorkers(queue, 1, async (k) => void synced.push(k), { gate });
    queue.add('a');
    await new Promise((r) => setImmediate(r));
    queue.shutDown();
    gate.release();
    await done;
    expect(synced).toEqual([]);
  });
});

describe('component pause annotations', () => {
  it('maps components to annotations and back', () => {
    expect(pauseKey('kubelet/node-1')).toBe('kubedeck.io/pause-kubelet.node-1');
    expect(componentOfPauseKey('kubedeck.io/pause-kubelet.node-1')).toBe('kubelet/node-1');
    expect(componentOfPauseKey('kubedeck.io/power')).toBeUndefined();
    const ns = { metadata: { annotations: { 'kubedeck.io/pause-scheduler': 'true', 'kubedeck.io/pause-kubelet.n': 'true', 'kubedeck.io/pause-controller-manager': 'false' } } };
    expect(isPaused(ns, 'scheduler')).toBe(true);
    expect(isPaused(ns, 'controller-manager')).toBe(false);
    expect(pausedComponents(ns)).toEqual(['kubelet/n', 'scheduler']);
    expect(pausePatch('scheduler', false)).toEqual({ metadata: { annotations: { 'kubedeck.io/pause-scheduler': null } } });
  });
});
