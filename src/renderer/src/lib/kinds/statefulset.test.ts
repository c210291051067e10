import { describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../../../shared/api/apps';
import type { KubeObject } from '../../../../shared/api/meta';
import { claimOrdinal, podOrdinal, stsReady } from './statefulset';

const set = {
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: {}, template: {}, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] },
  status: { replicas: 3, readyReplicas: 2 },
} as unknown as StatefulSet;
const obj = (name: string, namespace = 'default', labels?: Record<string, string>): KubeObject => ({ metadata: { name, namespace, ...(labels ? { labels } : {}) } });

describe('StatefulSet screen helpers', () => {
  it('READY is ready/desired as kubectl prints it', () => {
    expect(stsReady(set)).toBe('2/3');
  });

  it('a claim belongs to an ordinal only when it is <template>-<set>-<n> in the same namespace', () => {
    expect(claimOrdinal(set, obj('data-web-0'))).toBe(0);
    expect(claimOrdinal(set, obj('data-web-12'))).toBe(12);
    expect(claimOrdinal(set, obj('data-web-01'))).toBeUndefined();
    expect(claimOrdinal(set, obj('data-webx-1'))).toBeUndefined();
    expect(claimOrdinal(set, obj('logs-web-1'))).toBeUndefined();
    expect(claimOrdinal(set, obj('data-web-1', 'other'))).toBeUndefined();
  });

  it("a pod's ordinal comes from its pod-index label, else its name", () => {
    expect(podOrdinal(obj('web-4', 'default', { 'apps.kubernetes.io/pod-index': '4' }))).toBe('4');
    expect(podOrdinal(obj('web-7'))).toBe('7');
  });
});
