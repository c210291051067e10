import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { pullBarValue, pullFailure, registryMessage } from './image-pull';
import { PULL_PROGRESS_ANNOTATION } from './pod-explain';

const pod = (extra: Partial<Pod> = {}, annotations?: Record<string, string>): Pod =>
  ({ metadata: { name: 'p', namespace: 'default', ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'c', image: 'reg/big:1' }] }, ...extra }) as Pod;

describe('image pull in the pod', () => {
  it('reads the bar: percent rounded down, bytes and layers', () => {
    const v = pullBarValue(pod({}, { [PULL_PROGRESS_ANNOTATION]: JSON.stringify({ image: 'reg/big:1', fraction: 0.4267, currentBytes: 64e6, totalBytes: 150e6, layersDone: 1, layersTotal: 2, status: 'Downloading' }) }));
    expect(v).toMatchObject({ percent: 42, bytes: '64.0 MB of 150.0 MB', layers: '1 of 2 layers' });
  });
  it('is indeterminate before sizes are known, and absent when nothing pulls', () => {
    const v = pullBarValue(pod({}, { [PULL_PROGRESS_ANNOTATION]: JSON.stringify({ image: 'x', fraction: null, currentBytes: 0, totalBytes: 0, layersDone: 0, layersTotal: 1 }) }));
    expect(v?.percent).toBeUndefined();
    expect(v?.bytes).toBe('');
    expect(v?.layers).toBe('0 of 1 layer');
    expect(pullBarValue(pod())).toBeUndefined();
    expect(pullBarValue(pod({}, { [PULL_PROGRESS_ANNOTATION]: 'not json' }))).toBeUndefined();
  });
  it('finds the failed pull with the registry message', () => {
    const message = 'Back-off pulling image "image:v1": ErrImagePull: pull access denied for image, repository does not exist or may require \'docker login\'';
    const f = pullFailure(pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'image:v1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message } } }] } }));
    expect(f).toEqual({ container: 'c', image: 'reg/big:1', reason: 'ImagePullBackOff', message: "pull access denied for image, repository does not exist or may require 'docker login'" });
    expect(registryMessage('manifest unknown')).toBe('manifest unknown');
    expect(pullFailure(pod({ status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } }))).toBeUndefined();
  });
});
