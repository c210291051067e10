import { describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import { PodWorkers, type PodWorker } from './pod-workers';
import { waitFor } from './testing/docker-env';

const pod = (uid: string): Pod => ({ metadata: { name: uid, namespace: 'default', uid }, spec: { containers: [] } });

describe('PodWorkers', () => {
  it('runs one sync at a time per pod and coalesces triggers that arrive meanwhile into one more', async () => {
    let running = 0;
    let maxRunning = 0;
    const syncs: string[] = [];
    let release: (() => void) | undefined;
    const workers = new PodWorkers({
      sync: async (w: PodWorker) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        syncs.push(w.uid);
        await new Promise<void>((r) => (release = r));
        running--;
        return undefined;
      },
      log: () => {},
    });
    workers.start();
    workers.upsert(pod('a'));
    await waitFor(() => syncs.length === 1, 1000, 'first sync');
    workers.trigger('a');
    workers.trigger('a');
    workers.trigger('a');
    release?.();
    await waitFor(() => syncs.length === 2, 1000, 'second sync');
    release?.();
    await waitFor(() => running === 0, 1000, 'idle');
    expect(syncs).toEqual(['a', 'a']);
    expect(maxRunning).toBe(1);
    await workers.stop();
  });

  it('syncs again after the delay a sync asks for; a deleted pod is forgotten', async () => {
    const seen: string[] = [];
    const forgotten: string[] = [];
    const workers: PodWorkers = new PodWorkers({
      sync: async (w) => {
        seen.push(`${w.uid}${w.deleted ? ' deleted' : ''}`);
        if (w.deleted) {
          workers.forget(w.uid);
          return undefined;
        }
        return seen.length < 3 ? 5 : undefined;
      },
      onForget: (uid) => forgotten.push(uid),
      log: () => {},
    });
    workers.start();
    workers.upsert(pod('b'));
    await waitFor(() => seen.length === 3, 1000, 'requeued syncs');
    workers.markDeleted(pod('b'));
    await waitFor(() => forgotten.length === 1, 1000, 'forgotten');
    expect(seen).toEqual(['b', 'b', 'b', 'b deleted']);
    expect(workers.get('b')).toBeUndefined();
    await workers.stop();
  });

  it('an update that is only our own echo does not wake the worker', async () => {
    let n = 0;
    const workers = new PodWorkers({ sync: async () => void n++, log: () => {} });
    workers.start();
    workers.upsert(pod('c'));
    await waitFor(() => n === 1, 1000, 'first sync');
    workers.upsert({ ...pod('c'), status: { phase: 'Running' } }, false);
    await new Promise((r) => setImmediate(r));
    expect(n).toBe(1);
    expect(workers.get('c')?.pod.status?.phase).toBe('Running');
    await workers.stop();
  });

  it('syncs nothing while paused and every pod once on resume (a paused kubelet)', async () => {
    const syncs: string[] = [];
    const workers = new PodWorkers({ sync: async (w) => void syncs.push(w.uid), log: () => {} });
    workers.start();
    workers.setPaused(true);
    workers.upsert(pod('a'));
    workers.upsert(pod('b'));
    workers.trigger('a');
    await new Promise((r) => setImmediate(r));
    expect(syncs).toEqual([]);
    workers.setPaused(false);
    await waitFor(() => syncs.length === 2, 1000, 'syncs after resume');
    expect(syncs.sort()).toEqual(['a', 'b']);
    await workers.stop();
  });
});
