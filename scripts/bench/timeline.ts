/**
 * Timeline costs (issue 13 items 2 and 3):
 * - the revision ring on the write and watch path: 50 updates of a pod
 *   delivered to 20 watchers (each held by its own component), on a
 *   registry with the ring beside the same on one without, rounds
 *   interleaved;
 * - one pod's timeline (Deployment → ReplicaSet → Pod, history replayed
 *   from the store, Events listed) beside a list of the namespace's pods,
 *   the read a Pod screen makes anyway.
 */
import { componentContext, runInRequest } from '../../src/main/apiserver/audit/context';
import { withAudit } from '../../src/main/apiserver/audit/audited-registry';
import { createRegistry, type RegistryWithReady } from '../../src/main/apiserver/registry';
import { RevisionRing } from '../../src/main/apiserver/observe/revision-ring';
import { TimelineSource } from '../../src/main/apiserver/observe/timeline-source';
import { createInProcessClient } from '../../src/main/client/in-process';
import { openSqliteStore } from '../../src/main/storage';
import type { Store } from '../../src/main/storage/types';
import type { KubeObject } from '../../src/shared/api/meta';
import { GVR } from '../../src/shared/api/resources';
import { interleave, latencyRows, type BenchReporter } from './reporter';

const WATCHERS = 20;
const UPDATES = 50;
const ROUNDS = 40;

interface Rig {
  store: Store;
  registry: RegistryWithReady;
  ring?: RevisionRing;
  /** last is the highest revision every watcher has received. */
  received: number[];
}

async function rig(withRing: boolean): Promise<Rig> {
  const store = await openSqliteStore(':memory:');
  const ring = withRing ? new RevisionRing() : undefined;
  const registry = createRegistry(store, ring ? { revisions: ring } : {});
  await registry.ready();
  const pods = registry.lookup('', 'v1', 'pods')!;
  await pods.create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }, {});
  const received = new Array<number>(WATCHERS).fill(0);
  for (let w = 0; w < WATCHERS; w++) {
    await runInRequest(componentContext(`watcher-${w}`), () =>
      pods.watch('default', { resourceVersion: String(0), sendInitialEvents: false }, {
        event: (ev) => {
          received[w] = Number(ev.object.metadata?.resourceVersion ?? 0);
        },
        close: () => {},
      }),
    );
  }
  return { store, registry, ...(ring ? { ring } : {}), received };
}

/** updates writes UPDATES label changes to the pod and waits until every watcher has the last one. */
async function updates(r: Rig, round: number): Promise<void> {
  const pods = r.registry.lookup('', 'v1', 'pods')!;
  let rv = 0;
  for (let i = 0; i < UPDATES; i++) {
    const out = await runInRequest(componentContext('bench'), () =>
      pods.patch('default', 'p', 'application/merge-patch+json', { metadata: { labels: { n: `${round}-${i}` } } }, {}),
    );
    rv = Number(out.metadata.resourceVersion);
  }
  while (r.received.some((x) => x < rv)) await new Promise<void>((resolve) => setImmediate(resolve));
}

async function timelineRig(): Promise<{ store: Store; source: TimelineSource; list: () => Promise<unknown>; pod: string }> {
  const store = await openSqliteStore(':memory:');
  const ring = new RevisionRing();
  const registry = createRegistry(store, { revisions: ring });
  await registry.ready();
  const audited = withAudit(registry, { level: 'Metadata', sink: ring });
  const client = createInProcessClient(audited);
  const labels = { app: 'web' };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  const ref = (o: KubeObject) => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata.name!, uid: o.metadata.uid!, controller: true });
  const dep = await client.forComponent!('kubectl').create(GVR.deployments, 'default', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: labels }, template } } as KubeObject);
  const rs = await client.forComponent!('deployment-controller').create(GVR.replicasets, 'default', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', labels, ownerReferences: [ref(dep)] }, spec: { replicas: 1, selector: { matchLabels: labels }, template } } as KubeObject);
  // Other pods in the namespace, so the list and the timeline's lookups have something to skip.
  for (let i = 0; i < 50; i++) await client.create(GVR.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `other-${i}` }, spec: template.spec } as KubeObject);
  const pod = await client.forComponent!('replicaset-controller').create(GVR.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1-a', labels, ownerReferences: [ref(rs)] }, spec: template.spec } as KubeObject);
  await client.forComponent!('default-scheduler').createSubresource(GVR.pods, 'default', 'web-1-a', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1-a' }, target: { kind: 'Node', name: 'n1' } });
  const kubelet = client.forComponent!('kubelet/n1');
  let cur = await kubelet.get(GVR.pods, 'default', 'web-1-a');
  for (const phase of ['Pending', 'Running']) cur = await kubelet.updateStatus(GVR.pods, 'default', { ...cur, status: { phase } } as KubeObject);
  const pods = audited.lookup('', 'v1', 'pods')!;
  return { store, source: new TimelineSource({ store, registry: audited, ring }), list: () => pods.list('default', {}), pod: pod.metadata.name! };
}

export default async function timeline(r: BenchReporter): Promise<void> {
  r.section('Revision ring: pod updates delivered to watchers');
  r.note(`${UPDATES} updates of one pod per round, each delivered to ${WATCHERS} watchers; ${ROUNDS} rounds, with and without the ring, interleaved`);
  const on = await rig(true);
  const off = await rig(false);
  try {
    const t = await interleave(ROUNDS, (i) => updates(on, i), (i) => updates(off, i));
    latencyRows(r, 'round, ring on', t.a, t.b, 'round, ring off');
  } finally {
    await on.store.close();
    await off.store.close();
  }

  r.section('Timeline of a pod');
  r.note('Deployment → ReplicaSet → Pod with 5 pod writes, 51 pods in the namespace; the reference is a list of those pods');
  const tr = await timelineRig();
  try {
    const t = await interleave(200, () => tr.source.timeline('', 'pods', 'default', tr.pod), () => tr.list());
    latencyRows(r, 'timeline', t.a, t.b, 'pod list');
  } finally {
    await tr.store.close();
  }
}
