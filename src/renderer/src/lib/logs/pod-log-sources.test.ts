import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/pod';
import { ALL_CONTAINERS, containerNames, logSources, notStartedReason } from './pod-log-sources';

const pod = (name: string, created: string, status?: Pod['status']): Pod => ({
  metadata: { name, namespace: 'ns', creationTimestamp: created },
  spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }, { name: 'side', image: 'x' }] },
  status,
});

describe('logSources', () => {
  it('labels a single pod by container only when all are shown', () => {
    const p = pod('web-1', '2024-01-01T00:00:00Z');
    expect(logSources([p], 'app')).toEqual([{ id: 'ns/web-1/app', namespace: 'ns', pod: 'web-1', container: 'app', label: 'app' }]);
    expect(logSources([p], ALL_CONTAINERS).map((s) => s.label)).toEqual(['init', 'app', 'side']);
  });
  it('labels a workload’s pods by their short names, oldest first', () => {
    const pods = [pod('web-abc-2', '2024-01-02T00:00:00Z'), pod('web-abc-1', '2024-01-01T00:00:00Z')];
    expect(logSources(pods, 'app', 'web').map((s) => s.label)).toEqual(['abc-1', 'abc-2']);
    expect(logSources(pods, ALL_CONTAINERS, 'web').map((s) => s.label)).toContain('abc-2/side');
  });
});

describe('containerNames', () => {
  it('lists app then init containers', () => {
    expect(containerNames([pod('a', '')])).toEqual({ app: ['app', 'side'], init: ['init'] });
  });
});

describe('notStartedReason', () => {
  it('explains a waiting container and a missing previous instance', () => {
    const waiting = pod('a', '', { containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'x', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(notStartedReason(waiting, 'app', false)).toMatch(/has not started yet: ContainerCreating/);
    expect(notStartedReason(waiting, 'app', true)).toMatch(/no previous instance/);
    const running = pod('a', '', { containerStatuses: [{ name: 'app', ready: true, restartCount: 1, image: 'x', imageID: '', containerID: 'docker://1', state: { running: {} } }] });
    expect(notStartedReason(running, 'app', false)).toBeUndefined();
    expect(notStartedReason(running, 'app', true)).toBeUndefined();
  });
});
