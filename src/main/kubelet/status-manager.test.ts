import { describe, expect, it } from 'vitest';
import type { Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { StatusManager } from './status-manager';
import { FakeApiClient } from '../client/testing/fake-client';

describe('StatusManager', () => {
  it('writes a changed status once, knows the echo of its own write, and corrects a write by someone else', async () => {
    const client = new FakeApiClient({ gracefulPodDeletion: true });
    const pod = await client.create<Pod>(GVR.pods, 'default', { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const sm = new StatusManager(client);
    const written = await sm.write(pod, { phase: 'Running' });
    expect(written?.status?.phase).toBe('Running');
    expect(sm.isOwnWrite(written as Pod)).toBe(true);
    // The same status again against the written version: no write.
    expect(await sm.write(written as Pod, { phase: 'Running' })).toBeUndefined();
    // Someone else changes it (e.g. the node lifecycle controller): the kubelet's view is written back.
    const theirs = await client.updateStatus<Pod>(GVR.pods, 'default', { ...(written as Pod), status: { phase: 'Unknown' } });
    expect(sm.isOwnWrite(theirs)).toBe(false);
    const back = await sm.write(theirs, { phase: 'Running' });
    expect(back?.status?.phase).toBe('Running');
  });

  it('retries a conflict with a fresh copy', async () => {
    const client = new FakeApiClient({ gracefulPodDeletion: true });
    const pod = await client.create<Pod>(GVR.pods, 'default', { metadata: { name: 'q', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    await client.update<Pod>(GVR.pods, 'default', { ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } });
    const written = await new StatusManager(client).write(pod, { phase: 'Pending' });
    expect(written?.status?.phase).toBe('Pending');
    expect(written?.metadata.labels).toEqual({ a: 'b' });
  });

  it('applies pull-progress patches in order: the clearing patch lands last even when an earlier one is slow', async () => {
    const client = new FakeApiClient({ gracefulPodDeletion: true });
    const pod = await client.create<Pod>(GVR.pods, 'default', { metadata: { name: 'r', uid: 'u-r', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const patch = client.patch.bind(client);
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    let calls = 0;
    client.patch = (async (...args: Parameters<typeof patch>) => {
      // The first (progress) patch is held back until the clear has been asked for.
      if (calls++ === 0) await slow;
      return patch(...args);
    }) as typeof client.patch;
    const sm = new StatusManager(client);
    sm.reportPullProgress(pod, { image: 'i', currentBytes: 1, totalBytes: 2, fraction: 0.5, status: 'Downloading' });
    sm.reportPullProgress(pod, undefined);
    release();
    await sm.pullWritesSettled(pod.metadata.uid as string);
    const after = await client.get<Pod>(GVR.pods, 'default', 'r');
    expect(after.metadata.annotations?.['kubedeck.io/pull-progress']).toBeUndefined();
    expect(calls).toBe(2);
  });
});
