import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerRevision, StatefulSet } from '../../../shared/api/apps';
import type { PersistentVolumeClaim, Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { converge } from '../testing/drive';
import { newHarness, type Harness } from '../testing/harness';
import { StatefulSetController } from './statefulset-controller';
import { STS_REVISION_LABEL } from './stateful-pods';

let h: Harness;
afterEach(() => h?.stop());

function setObj(extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', generation: 1, uid: 'sts-uid' },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      ...extra,
    },
  };
}

async function setup(set: StatefulSet) {
  h = newHarness();
  h.client.seed(GVR.statefulsets, set);
  const ctrl = new StatefulSetController({
    client: h.client,
    setInformer: h.informer<StatefulSet>(GVR.statefulsets),
    podInformer: h.informer<Pod>(GVR.pods),
    claimInformer: h.informer<PersistentVolumeClaim>(GVR.persistentvolumeclaims),
    revisionInformer: h.informer<ControllerRevision>(GVR.controllerrevisions),
    recorder: h.recorder,
    clock: h.clock,
  });
  await h.start();
  return ctrl;
}

const live = () => h.client.all<Pod>(GVR.pods).filter((p) => !p.metadata.deletionTimestamp);
const names = () => live().map((p) => p.metadata.name).sort();
const getSet = () => h.client.all<StatefulSet>(GVR.statefulsets)[0]!;

async function makeReady() {
  for (const p of live()) {
    if (p.status?.phase === 'Running') continue;
    await h.client.updateStatus<Pod>(GVR.pods, 'default', { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } } as Pod);
  }
}

async function changeTemplate(image: string) {
  const s = getSet();
  await h.client.update(GVR.statefulsets, 'default', { ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { ...s.spec.template.spec!, containers: [{ ...s.spec.template.spec!.containers[0]!, image }] } } } });
}

describe('StatefulSet controller', () => {
  it('OrderedReady: creates web-0, then web-1 only once web-0 is Ready, each with its own claim, hostname and subdomain', async () => {
    const ctrl = await setup(setObj());
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0']);
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0']);
    await makeReady();
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0', 'web-1']);
    await makeReady();
    await converge(h, [ctrl]);
    await makeReady();
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0', 'web-1', 'web-2']);
    const p1 = live().find((p) => p.metadata.name === 'web-1')!;
    expect(p1.spec.hostname).toBe('web-1');
    expect(p1.spec.subdomain).toBe('nginx');
    expect(p1.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-1' } }]);
    expect(p1.metadata.labels).toMatchObject({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' });
    const claims = h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims).map((c) => c.metadata.name).sort();
    expect(claims).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
    expect(h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims)[0]!.metadata.labels).toEqual({ app: 'web' });
    const st = getSet().status!;
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(h.client.all<ControllerRevision>(GVR.controllerrevisions)).toHaveLength(1);
  });

  it('Parallel: creates every pod at once', async () => {
    const ctrl = await setup(setObj({ podManagementPolicy: 'Parallel' }));
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('RollingUpdate with a partition updates only the ordinals at or above it, from the highest, one Ready pod at a time', async () => {
    const ctrl = await setup(setObj({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
    await converge(h, [ctrl]);
    await makeReady();
    await converge(h, [ctrl]);
    const oldRev = getSet().status!.updateRevision!;
    await changeTemplate('busybox:2');
    await converge(h, [ctrl]);
    const newRev = getSet().status!.updateRevision!;
    expect(newRev).not.toBe(oldRev);
    // web-2 was replaced first; web-1 waits until it is Ready.
    const rev = (n: string) => live().find((p) => p.metadata.name === n)?.metadata.labels?.[STS_REVISION_LABEL];
    expect(rev('web-2')).toBe(newRev);
    expect(rev('web-1')).toBe(oldRev);
    for (let i = 0; i < 4; i++) {
      await makeReady();
      await converge(h, [ctrl]);
    }
    expect([rev('web-0'), rev('web-1'), rev('web-2')]).toEqual([oldRev, newRev, newRev]);
    const st = getSet().status!;
    expect(st).toMatchObject({ updatedReplicas: 2, currentReplicas: 1, currentRevision: oldRev, updateRevision: newRev });
    expect(h.client.all<ControllerRevision>(GVR.controllerrevisions).map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('OnDelete leaves pods alone until deleted; a recreated pod gets the update revision; claims survive', async () => {
    const ctrl = await setup(setObj({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }));
    await converge(h, [ctrl]);
    await makeReady();
    await converge(h, [ctrl]);
    const oldRev = getSet().status!.updateRevision!;
    await changeTemplate('busybox:2');
    await converge(h, [ctrl]);
    const newRev = getSet().status!.updateRevision!;
    expect(live().every((p) => p.metadata.labels?.[STS_REVISION_LABEL] === oldRev)).toBe(true);
    const before = h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims).find((c) => c.metadata.name === 'data-web-0')!.metadata.uid;
    await h.client.delete(GVR.pods, 'default', 'web-0');
    await converge(h, [ctrl]);
    expect(live().find((p) => p.metadata.name === 'web-0')!.metadata.labels?.[STS_REVISION_LABEL]).toBe(newRev);
    expect(h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims).find((c) => c.metadata.name === 'data-web-0')!.metadata.uid).toBe(before);
  });

  it('scales down from the highest ordinal, one at a time when ordered, and keeps the claims', async () => {
    const ctrl = await setup(setObj({ podManagementPolicy: 'Parallel' }));
    await converge(h, [ctrl]);
    await makeReady();
    await converge(h, [ctrl]);
    const s = getSet();
    await h.client.update(GVR.statefulsets, 'default', { ...s, spec: { ...s.spec, replicas: 1, podManagementPolicy: 'OrderedReady' } });
    await converge(h, [ctrl]);
    expect(names()).toEqual(['web-0']);
    expect(h.client.all<PersistentVolumeClaim>(GVR.persistentvolumeclaims)).toHaveLength(3);
  });
});
