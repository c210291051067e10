/**
 * A cluster with one local kubelet on the real Docker engine, for tests that
 * run a pod or two with kubectl (cp, debug, top): the node is Ready, every
 * container carries the run's test label, and stop() removes them.
 */
import { kubeletClusterOptions } from '../../../src/main/kubelet/cluster-options';
import { kubeletMetricsProvider } from '../../../src/main/kubelet/metrics/provider';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../../src/main/kubelet/runtime/docker/docker-runtime';
import type { Node } from '../../../src/shared/api/core';
import { GVR } from '../../../src/shared/api/resources';
import { startTestCluster, type TestCluster } from './test-cluster';
import { waitFor } from './tools';

export interface OneNodeCluster {
  tc: TestCluster;
  rt: DockerRuntime;
  /** The local node's name (`<prefix>-<run id>`). */
  node: string;
  stop(): Promise<void>;
}

/** startOneNodeCluster starts the cluster; with metrics, the API serves metrics.k8s.io from the kubelet. */
export async function startOneNodeCluster(prefix: string, opts: { metrics?: boolean } = {}): Promise<OneNodeCluster> {
  const run = testRunId();
  const node = `${prefix}-${run}`;
  const rt = await connectTestRuntime();
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  const tc = await startTestCluster({ components: k.components, podStreams: k.podStreams, ...(opts.metrics ? { metrics: kubeletMetricsProvider(k.registry) } : {}) });
  await waitFor(async () => (await tc.cluster.client.list<Node>(GVR.nodes, undefined)).items.length === 1, { timeoutMs: 30_000, what: `node ${node}` });
  return {
    tc,
    rt,
    node,
    async stop() {
      await tc.stop();
      await cleanupByLabel(rt, TEST_LABEL, run);
    },
  };
}

/** busyboxPod is a pod on node running `sh -c command` in a container named main. */
export function busyboxPod(name: string, node: string, command: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", ${JSON.stringify(command)}]
`;
}
