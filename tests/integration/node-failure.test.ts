/**
 * Issue 5 A5: powering off a virtual node makes it NotReady, and its
 * ReplicaSet's pods are recreated on the other node within the configured
 * grace (node monitor grace + eviction timeout), on real Docker containers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/shared/api/core';
import type { ReplicaSet } from '../../src/shared/api/apps';
import { GVR } from '../../src/shared/api/resources';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const local = `kd-local-${run}`;
const virtual = `kd-virtual-${run}`;
const GRACE_MS = 4_000;
const EVICTION_S = 2;
let tc: TestCluster;
let rt: DockerRuntime;
const kubelets = kubeletClusterOptions({
  pauseImage: 'kubedeck/pause:3.10',
  heartbeatIntervalMs: 500,
  extraContainerLabels: { [TEST_LABEL]: run },
  nodes: [
    { kind: 'local', name: local },
    { kind: 'virtual', name: virtual },
  ],
});

beforeAll(async () => {
  rt = await connectTestRuntime();
  tc = await startTestCluster({
    components: [
      controllerManagerComponent({ nodeLifecycle: { gracePeriodMs: GRACE_MS, monitorPeriodMs: 250, defaultTolerationSeconds: EVICTION_S } }),
      schedulerComponent(),
      ...kubelets.components,
    ],
    podStreams: kubelets.podStreams,
  });
});

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const podsOf = async () =>
  (await tc.cluster.client.list<Pod>(GVR.pods, 'default', { labelSelector: 'app=drill' })).items.filter((p) => !p.metadata.deletionTimestamp);

it('recreates the pods of a powered-off virtual node on the other node', { timeout: 120_000 }, async () => {
  await waitFor(async () => (await Promise.all([local, virtual].map((n) => tc.cluster.client.get<Node>(GVR.nodes, undefined, n)))).every((n) => ready(n) === 'True'), {
    what: 'both nodes Ready',
  });
  await tc.kubectl.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'drill' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'drill' } },
        template: {
          metadata: { labels: { app: 'drill' } },
          spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
        },
      },
    }),
  });
  const before = await waitFor(async () => {
    const pods = await podsOf();
    return pods.length === 4 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
  }, { timeoutMs: 60_000, what: '4 running pods' });
  const onVirtual = before.filter((p) => p.spec.nodeName === virtual).map((p) => p.metadata.name);
  // Default spreading puts replicas on both nodes.
  expect(onVirtual.length).toBeGreaterThan(0);

  const t0 = Date.now();
  await kubelets.started()!.set.powerOff(virtual);
  await waitFor(async () => ready(await tc.cluster.client.get<Node>(GVR.nodes, undefined, virtual)) === 'Unknown', {
    timeoutMs: GRACE_MS + 10_000,
    what: 'the virtual node to turn NotReady (Unknown)',
  });
  const node = await tc.cluster.client.get<Node>(GVR.nodes, undefined, virtual);
  expect(node.spec?.taints?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
  const after = await waitFor(async () => {
    const pods = await podsOf();
    return pods.length === 4 && pods.every((p) => p.spec.nodeName === local && p.status?.phase === 'Running') ? pods : undefined;
  }, { timeoutMs: 60_000, what: 'all 4 replicas running on the local node' });
  // The replacements are new pods, not the evicted ones.
  for (const name of onVirtual) expect(after.map((p) => p.metadata.name)).not.toContain(name);
  const rs = await tc.cluster.client.get<ReplicaSet>(GVR.replicasets, 'default', 'drill');
  expect(rs.status?.readyReplicas).toBe(4);
  // Timings are reported, not asserted: the deadlines above only bound the wait.
  console.log(`node-failure drill: replicas back on ${local} ${Date.now() - t0} ms after power-off (grace ${GRACE_MS} ms + eviction ${EVICTION_S} s)`);
});
