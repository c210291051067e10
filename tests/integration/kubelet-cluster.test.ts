/**
 * The kubelet against the real cluster (in-process client → registry →
 * SQLite store) rather than the fake client: a pod bound to the kubelet's
 * node runs, reports its status through pods/status, is deleted gracefully
 * (deletionTimestamp, then the kubelet's gracePeriodSeconds=0 delete), and the
 * Node, its Lease and the kubelet's Events are real API objects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/shared/api/coordination';
import type { Event, Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { isNotFound } from '../../src/shared/errors';
import { startCluster, type Cluster } from '../../src/main/cluster/cluster';
import { kubeletComponent, type KubeletComponent } from '../../src/main/kubelet/nodes';
import { createPodStreamBackend } from '../../src/main/kubelet/streaming';
import { cleanupByLabel, connectTestRuntime, readAll, TEST_LABEL, testRunId, waitFor } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { removeDockerObjects } from './helpers/test-cluster';

const run = testRunId();
const node = `kd-cluster-${run}`;
let cluster: Cluster;
let kubelets: KubeletComponent | undefined;
let rt: DockerRuntime;
let dataDir: string;

beforeAll(async () => {
  rt = await connectTestRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-kubelet-cluster-'));
  cluster = await startCluster({
    dataDir,
    port: 0,
    components: [
      async (ctx) => {
        kubelets = await kubeletComponent({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } })(ctx);
        return kubelets;
      },
    ],
  });
});

afterAll(async () => {
  await cluster?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
  // The cluster's network (and anything else carrying its id).
  if (dataDir) await removeDockerObjects(dataDir);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kubelet on the real cluster', () => {
  it('registers the Node and its Lease', async () => {
    const n = await cluster.client.get<Node>(GVR.nodes, undefined, node);
    expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const lease = await cluster.client.get<Lease>(GVR.leases, 'kube-node-lease', node);
    expect(lease.spec?.holderIdentity).toBe(node);
  });

  it('runs a pod, streams from it, and deletes it gracefully', async () => {
    await cluster.client.create<Pod>(GVR.pods, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'real', namespace: 'default' },
      spec: { nodeName: node, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo ready; exec sleep 3600'] }] },
    });
    const p = await waitFor(async () => {
      const x = await cluster.client.get<Pod>(GVR.pods, 'default', 'real');
      return x.status?.phase === 'Running' && x.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? x : undefined;
    }, 30_000, 'Running');
    expect(p.status?.podIP).toBeDefined();

    const backend = createPodStreamBackend(cluster.client, kubelets!.set.registry);
    const logs = await waitFor(async () => {
      const t = await readAll(await backend.logs('default', 'real', { follow: false, previous: false, timestamps: false }));
      return t || undefined;
    }, 10_000, 'logs');
    expect(logs).toBe('ready\n');

    const events = await waitFor(async () => {
      const list = await cluster.client.list<Event>(GVR.events, 'default');
      const mine = list.items.filter((e) => e.involvedObject.name === 'real');
      return mine.some((e) => e.reason === 'Started') ? mine : undefined;
    }, 10_000, 'Started event');
    expect(events[0]?.source?.component).toBe('kubelet');

    await cluster.client.delete(GVR.pods, 'default', 'real', {});
    await waitFor(async () => {
      try {
        await cluster.client.get<Pod>(GVR.pods, 'default', 'real');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    }, 30_000, 'pod deleted');
    const left = await rt.docker.listContainers({ all: true, filters: { label: [`io.kubernetes.pod.uid=${p.metadata.uid}`] } });
    expect(left).toEqual([]);
  });
});
