/**
 * Controllers and scheduler on the real cluster (in-process client → registry
 * → SQLite), with hollow nodes standing in for kubelets (they report bound
 * pods Running/Ready through pods/status, as Kubernetes' own controller
 * integration tests set pod status through the API). Covers issue 4 A2–A5 at
 * the API level; kubectl-driven versions live with the API server tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../../src/shared/api/apps';
import type { Namespace, Pod } from '../../src/shared/api/core';
import type { KubeObject, Status } from '../../src/shared/api/meta';
import { GVR } from '../../src/shared/api/resources';
import { isNotFound } from '../../src/shared/errors';
import { startCluster, type Cluster } from '../../src/main/cluster/cluster';
import type { ApiClient } from '../../src/main/client/types';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import { HollowKubelet } from '../../src/main/kubelet-hollow/hollow-kubelet';
import { EXPLANATION_ANNOTATION, type Explanation } from '../../src/main/scheduler/scheduler';

const NODES = ['hollow-a', 'hollow-b', 'hollow-c'];
let cluster: Cluster;
let client: ApiClient;
let dataDir: string;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-controllers-'));
  cluster = await startCluster({
    dataDir,
    port: 0,
    components: [
      hollowKubeletComponent({ nodes: NODES, leaseRenewMs: 5_000 }),
      controllerManagerComponent({ onError: (c, k, e) => errors.push(`${c} ${k}: ${String(e)}`) }),
      schedulerComponent(),
    ],
  });
  client = cluster.client;
});

afterAll(async () => {
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(fn: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function namespace(name: string): Promise<void> {
  await client.create<Namespace>(GVR.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function deployment(name: string, replicas: number, image: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image, imagePullPolicy: 'IfNotPresent' }] } },
    },
  };
}

const ready = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

async function rolledOut(ns: string, name: string): Promise<Deployment | undefined> {
  const d = await client.get<Deployment>(GVR.deployments, ns, name);
  const s = d.status ?? {};
  const r = d.spec.replicas ?? 1;
  const done = (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === r && s.replicas === r && s.availableReplicas === r;
  return done ? d : undefined;
}

describe('ReplicaSet on the real cluster (A2)', () => {
  it('keeps 3 owned, bound pods, replaces a deleted one, and scales 3 → 5 → 2', async () => {
    await namespace('a2');
    await client.create<ReplicaSet>(GVR.replicasets, 'a2', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'rs' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'rs' } }, template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const rs = await client.get<ReplicaSet>(GVR.replicasets, 'a2', 'rs');
    const pods = await waitFor(async () => {
      const l = (await client.list<Pod>(GVR.pods, 'a2')).items.filter((p) => !p.metadata.deletionTimestamp);
      return l.length === 3 && l.every((p) => p.spec.nodeName && ready(p)) ? l : undefined;
    }, '3 running pods');
    for (const p of pods) expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    const victim = pods[0]!.metadata.name!;
    await client.delete(GVR.pods, 'a2', victim);
    await waitFor(async () => {
      const l = (await client.list<Pod>(GVR.pods, 'a2')).items.filter((p) => !p.metadata.deletionTimestamp);
      return l.length === 3 && !l.some((p) => p.metadata.name === victim) && l.every(ready);
    }, 'replacement');

    await client.patch(GVR.replicasets, 'a2', 'rs', 'application/merge-patch+json', { spec: { replicas: 5 } });
    await waitFor(async () => (await client.get<ReplicaSet>(GVR.replicasets, 'a2', 'rs')).status?.readyReplicas === 5, '5 ready');
    // Make two pods cheaper to delete: the ranking must pick them.
    const five = (await client.list<Pod>(GVR.pods, 'a2')).items.filter((p) => !p.metadata.deletionTimestamp);
    const cheap = five.slice(1, 4).map((p) => p.metadata.name!);
    for (const n of cheap) await client.patch(GVR.pods, 'a2', n, 'application/merge-patch+json', { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-100' } } });
    await client.patch(GVR.replicasets, 'a2', 'rs', 'application/merge-patch+json', { spec: { replicas: 2 } });
    const left = await waitFor(async () => {
      const l = (await client.list<Pod>(GVR.pods, 'a2')).items;
      return l.length === 2 ? l : undefined;
    }, 'scale down to 2');
    expect(left.map((p) => p.metadata.name).some((n) => cheap.includes(n!))).toBe(false);
  });
});

describe('Deployment rollout on the real cluster (A3)', () => {
  it('rolls 10 replicas to a new image never above 13 pods nor below 8 available, over a watch of the whole rollout', async () => {
    await namespace('a3');
    await client.create(GVR.deployments, 'a3', deployment('web', 10, 'busybox:1'));
    await waitFor(() => rolledOut('a3', 'web'), 'initial rollout');

    // Watch every pod event from now on; after each, count live pods and available ones.
    const pods = new Map<string, Pod>();
    for (const p of (await client.list<Pod>(GVR.pods, 'a3')).items) pods.set(p.metadata.name!, p);
    const from = (await client.list<Pod>(GVR.pods, 'a3')).metadata.resourceVersion;
    const samples: { live: number; available: number }[] = [];
    let watchError: string | undefined;
    const sub = await client.watch<Pod>(GVR.pods, 'a3', { resourceVersion: from }, {
      onEvent(ev) {
        if (ev.type === 'ERROR') {
          watchError = (ev.object as Status).message;
          return;
        }
        const p = ev.object as Pod;
        if (ev.type === 'DELETED') pods.delete(p.metadata.name!);
        else if (ev.type !== 'BOOKMARK') pods.set(p.metadata.name!, p);
        const live = [...pods.values()].filter((x) => !x.metadata.deletionTimestamp);
        samples.push({ live: live.length, available: live.filter(ready).length });
      },
    });
    try {
      await client.patch(GVR.deployments, 'a3', 'web', 'application/merge-patch+json', { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:2' }] } } } });
      const d = await waitFor(async () => {
        const x = await rolledOut('a3', 'web');
        return x && x.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2' ? x : undefined;
      }, 'rollout to busybox:2', 60_000);
      expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    } finally {
      sub.stop();
    }
    expect(watchError).toBeUndefined();
    expect(samples.length).toBeGreaterThan(20);
    expect(Math.max(...samples.map((s) => s.live))).toBeLessThanOrEqual(13);
    expect(Math.min(...samples.map((s) => s.available))).toBeGreaterThanOrEqual(8);
    const final = (await client.list<Pod>(GVR.pods, 'a3')).items;
    expect(final).toHaveLength(10);
    expect(final.every((p) => p.spec.containers[0]!.image === 'busybox:2')).toBe(true);

    // Undo as kubectl does: put the old template back; the old ReplicaSet comes back as revision 3.
    const rss = (await client.list<ReplicaSet>(GVR.replicasets, 'a3')).items;
    const first = rss.find((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1')!;
    await client.patch(GVR.deployments, 'a3', 'web', 'application/merge-patch+json', { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1' }] } } } });
    await waitFor(async () => {
      const x = await rolledOut('a3', 'web');
      return x && x.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3';
    }, 'undo', 60_000);
    const back = await client.get<ReplicaSet>(GVR.replicasets, 'a3', first.metadata.name!);
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.spec.replicas).toBe(10);
  });
});

describe('deletion on the real cluster (A4)', () => {
  async function deployedChain(ns: string): Promise<void> {
    await client.create(GVR.deployments, ns, deployment('app', 2, 'busybox'));
    await waitFor(() => rolledOut(ns, 'app'), `${ns} rollout`);
  }
  const count = async (gvr: typeof GVR.pods | typeof GVR.replicasets, ns: string) => (await client.list<KubeObject>(gvr, ns)).items.length;

  it('Background and Foreground delete the ReplicaSets and pods; Orphan keeps them without owner', async () => {
    await namespace('a4');
    for (const policy of ['Background', 'Foreground'] as const) {
      await deployedChain('a4');
      await client.delete(GVR.deployments, 'a4', 'app', { propagationPolicy: policy });
      await waitFor(async () => {
        try {
          await client.get(GVR.deployments, 'a4', 'app');
          return false;
        } catch (err) {
          return isNotFound(err) && (await count(GVR.replicasets, 'a4')) === 0 && (await count(GVR.pods, 'a4')) === 0;
        }
      }, `${policy} cascade`);
    }
    await deployedChain('a4');
    await client.delete(GVR.deployments, 'a4', 'app', { propagationPolicy: 'Orphan' });
    const rss = await waitFor(async () => {
      const l = (await client.list<ReplicaSet>(GVR.replicasets, 'a4')).items;
      const gone = (await client.list(GVR.deployments, 'a4')).items.length === 0;
      return gone && l.length === 1 && !l[0]!.metadata.ownerReferences ? l : undefined;
    }, 'orphaned ReplicaSet, deployment gone');
    expect(rss[0]!.status?.replicas).toBe(2);
    expect(await count(GVR.pods, 'a4')).toBe(2);
  });

  it('deleting a namespace removes everything in it, then the namespace', async () => {
    await namespace('doomed');
    await deployedChain('doomed');
    await client.create(GVR.configmaps, 'doomed', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } });
    await client.delete(GVR.namespaces, undefined, 'doomed');
    await waitFor(async () => {
      try {
        await client.get(GVR.namespaces, undefined, 'doomed');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    }, 'namespace gone');
    for (const gvr of [GVR.pods, GVR.replicasets, GVR.deployments, GVR.configmaps]) expect((await client.list(gvr, 'doomed')).items).toEqual([]);
  });
});

describe('scheduler on the real cluster (A5)', () => {
  const cordon = (name: string, on: boolean) => client.patch(GVR.nodes, undefined, name, 'application/merge-patch+json', { spec: { unschedulable: on ? true : null } });
  const podWith = (name: string, cpu: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }] },
  });

  it('explains an unschedulable pod in Kubernetes form, and schedules it once a node is uncordoned', async () => {
    await namespace('a5');
    await cordon('hollow-a', true);
    try {
      await unschedulableThenUncordoned();
    } finally {
      for (const n of NODES) await cordon(n, false);
      // 'big' never fits a hollow node: remove it so it cannot take the node the next test adds.
      await client.delete(GVR.pods, 'a5', 'big').catch(() => {});
    }
  });

  async function unschedulableThenUncordoned(): Promise<void> {
    await client.create(GVR.pods, 'a5', podWith('big', '5'));
    const p = await waitFor(async () => {
      const x = await client.get<Pod>(GVR.pods, 'a5', 'big');
      return x.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False') ? x : undefined;
    }, 'Unschedulable');
    const cond = p.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
    expect(cond.reason).toBe('Unschedulable');
    expect(cond.message).toBe('0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.');
    const e = JSON.parse(p.metadata.annotations![EXPLANATION_ANNOTATION]!) as Explanation;
    expect(e.nodes.map((n) => n.name).sort()).toEqual(NODES);
    expect(e.nodes.every((n) => !n.feasible && n.reasons!.length > 0)).toBe(true);

    await client.create(GVR.pods, 'a5', podWith('small', '1'));
    await cordon('hollow-b', true);
    await cordon('hollow-c', true);
    await client.create(GVR.pods, 'a5', podWith('waits', '1'));
    await waitFor(async () => (await client.get<Pod>(GVR.pods, 'a5', 'waits')).status?.conditions?.find((c) => c.type === 'PodScheduled')?.message === '0/3 nodes are available: 3 node(s) were unschedulable.', 'all cordoned');
    await cordon('hollow-c', false);
    const placed = await waitFor(async () => (await client.get<Pod>(GVR.pods, 'a5', 'waits')).spec.nodeName, 'scheduled after uncordon');
    expect(placed).toBe('hollow-c');
  }

  it('schedules a waiting pod when a big enough node is added', async () => {
    await namespace('a5b');
    await client.create(GVR.pods, 'a5b', podWith('huge', '6'));
    await waitFor(async () => (await client.get<Pod>(GVR.pods, 'a5b', 'huge')).status?.conditions?.some((c) => c.reason === 'Unschedulable'), 'Unschedulable');
    const big = new HollowKubelet(client, { nodes: ['hollow-big'], cpu: '8', leaseRenewMs: 0 });
    await big.start();
    try {
      const n = await waitFor(async () => (await client.get<Pod>(GVR.pods, 'a5b', 'huge')).spec.nodeName, 'scheduled on the new node');
      expect(n).toBe('hollow-big');
    } finally {
      await big.stop();
      await client.delete(GVR.pods, 'a5b', 'huge');
      await client.delete(GVR.nodes, undefined, 'hollow-big');
    }
  });

  it('spreads 6 replicas over 3 equal nodes 2/2/2', async () => {
    await namespace('spread');
    await client.create(GVR.deployments, 'spread', deployment('six', 6, 'busybox'));
    const pods = await waitFor(async () => {
      const l = (await client.list<Pod>(GVR.pods, 'spread')).items;
      return l.length === 6 && l.every((p) => p.spec.nodeName) ? l : undefined;
    }, '6 scheduled');
    const per: Record<string, number> = {};
    for (const p of pods) per[p.spec.nodeName!] = (per[p.spec.nodeName!] ?? 0) + 1;
    expect(per).toEqual({ 'hollow-a': 2, 'hollow-b': 2, 'hollow-c': 2 });
    // Every bound pod carries its explanation: the chosen node and every node's verdict with scores.
    const explained = await waitFor(async () => {
      const l = (await client.list<Pod>(GVR.pods, 'spread')).items;
      return l.every((p) => p.metadata.annotations?.[EXPLANATION_ANNOTATION]) ? l : undefined;
    }, 'explanations');
    for (const p of explained) {
      const e = JSON.parse(p.metadata.annotations![EXPLANATION_ANNOTATION]!) as Explanation;
      expect(e.node).toBe(p.spec.nodeName);
      expect(e.nodes.map((n) => n.name).sort()).toEqual(NODES);
      expect(e.nodes.every((n) => n.feasible && n.scores?.PodTopologySpread !== undefined)).toBe(true);
    }
  });

  it('ran without unexpected controller errors', () => {
    // Conflicts and deletions racing a sync are retried by design; anything else is a bug.
    expect(errors.filter((e) => !/Conflict|the object has been modified|not found/i.test(e))).toEqual([]);
  });
});
