import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { blockedMessage, drainPlan } from './drain';

const pod = (name: string, opts: { owner?: string; node?: string; phase?: string; emptyDir?: boolean; mirror?: boolean; deleting?: boolean } = {}): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: opts.owner, name: 'x', uid: 'x', controller: true }] } : {}),
      ...(opts.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'h' } } : {}),
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { nodeName: opts.node ?? 'n1', containers: [{ name: 'c', image: 'i' }], ...(opts.emptyDir ? { volumes: [{ name: 'v', emptyDir: {} }] } : {}) },
    status: { phase: opts.phase ?? 'Running' },
  }) as Pod;

const names = (ps: { metadata: { name?: string } }[]) => ps.map((p) => p.metadata.name);

describe('drainPlan', () => {
  const pods = [
    pod('managed', { owner: 'ReplicaSet' }),
    pod('bare'),
    pod('done', { phase: 'Succeeded' }),
    pod('ds', { owner: 'DaemonSet' }),
    pod('scratch', { owner: 'ReplicaSet', emptyDir: true }),
    pod('mirror', { mirror: true }),
    pod('gone', { owner: 'ReplicaSet', deleting: true }),
    pod('elsewhere', { owner: 'ReplicaSet', node: 'n2' }),
  ];

  it('evicts managed and finished pods, skips DaemonSet/mirror/deleting pods, blocks unmanaged and emptyDir pods', () => {
    const plan = drainPlan('n1', pods, { force: false, deleteEmptyDirData: false });
    expect(names(plan.evict)).toEqual(['managed', 'done']);
    expect(names(plan.skipped.map((s) => s.pod))).toEqual(['ds', 'mirror', 'gone']);
    expect(names(plan.blocked.map((b) => b.pod))).toEqual(['bare', 'scratch']);
    expect(blockedMessage(plan)).toBe(
      'cannot delete Pods that declare no controller (use --force to override): default/bare; cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch',
    );
  });

  it('--force and --delete-emptydir-data let them through, with kubectl\'s warnings', () => {
    const plan = drainPlan('n1', pods, { force: true, deleteEmptyDirData: true });
    expect(names(plan.evict)).toEqual(['managed', 'bare', 'done', 'scratch']);
    expect(plan.blocked).toEqual([]);
    expect(plan.warnings).toEqual(['deleting Pods that declare no controller: default/bare', 'deleting Pods with local storage: default/scratch']);
  });
});
