import { describe, expect, it } from 'vitest';
import { isPaused, pausedComponents, pausePatch, pauseKey, componentOfPauseKey } from '../../shared/api/component-pause';
import { runWorkers } from '../controller/common/worker';
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

describe('component pause ConfigMap', () => {
  it('maps components to data keys and back', () => {
    expect(pauseKey('kubelet/node-1')).toBe('kubelet.node-1');
    expect(componentOfPauseKey('kubelet.node-1')).toBe('kubelet/node-1');
    expect(componentOfPauseKey('other')).toBeUndefined();
    const cm = { data: { scheduler: 'true', 'kubelet.n': 'true', 'controller-manager': 'false' } };
    expect(isPaused(cm, 'scheduler')).toBe(true);
    expect(isPaused(cm, 'controller-manager')).toBe(false);
    expect(pausedComponents(cm)).toEqual(['kubelet/n', 'scheduler']);
    expect(pausePatch('scheduler', false)).toEqual({ data: { scheduler: null } });
  });
});
