/**
 * Issue 17 item 3: an ssh:// remote node, and Services spanning engines.
 * The remote machine is a network namespace of the test's own (veth on
 * 10.254.N.0/30) with its own dockerd and an sshd on its own port; the node's
 * endpoint is ssh://<user>@10.254.N.2:<port>, authenticated with a key made
 * by the test and checked against a known_hosts file made by the test.
 * (1) A pod runs there; `kubectl logs` and `exec` reach it.
 * (2) A Service selects one pod on the local node and one on the ssh node:
 * the remote pod's port is published on 10.254.N.2 and the local HAProxy
 * forwards there; through the NodePort from the host and by Service name from
 * a pod on the local node, both pods answer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { PUBLISHED_PORTS_ANNOTATION } from '../../src/shared/api/published-ports';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { serviceProxyComponent } from '../../src/main/proxy/component';
import { clusterServiceCIDR } from '../../src/main/proxy/service-network';
import { clusterIdFor, LABEL_CLUSTER } from '../../src/main/cluster/identity';
import { haveDockerd } from './helpers/own-dockerd';
import { startNetnsEngine, type NetnsEngine } from './helpers/netns-engine';
import { sshdPath, startNetnsSshd, type NetnsSshd } from './helpers/netns-sshd';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { hostGet, waitFor } from './helpers/tools';
import { mkdtempSync, writeFileSync } from 'node:fs';
import Docker from 'dockerode';
import { dockerOptions } from '../../src/main/docker/endpoint';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = testRunId();
const local = `kd-local-${run}`;
const remote = `kd-ssh-${run}`;
const NS = 'default';
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-remote-ssh-'));
const clusterId = clusterIdFor(dataDir);
const nodePort = 30000 + Math.floor(Math.random() * 2700);
let tc: TestCluster;
let rt: DockerRuntime;
let engine: NetnsEngine;
let sshd: NetnsSshd;

if ((!haveDockerd() || !sshdPath()) && process.env.CI === 'true') throw new Error('a second dockerd (root) and sshd (openssh-server) are required for the ssh remote node test under CI');

beforeAll(async () => {
  rt = await connectTestRuntime();
  engine = await startNetnsEngine(['kubedeck/pause:3.10', 'busybox:latest', 'kubedeck/busybox:latest']);
  sshd = await startNetnsSshd(engine.netns, engine.address, 2222, engine.dockerd.url);
  const serviceCIDR = await clusterServiceCIDR(rt.docker, clusterId);
  const kubelets = kubeletClusterOptions({
    pauseImage: 'kubedeck/pause:3.10',
    heartbeatIntervalMs: 1000,
    extraContainerLabels: { [TEST_LABEL]: run },
    nodes: [
      { kind: 'local', name: local },
      { kind: 'remote', name: remote, endpoint: sshd.endpoint, sshKeyPath: sshd.keyPath, sshKnownHostsPath: sshd.knownHostsPath },
    ],
  });
  tc = await startTestCluster({
    dataDir,
    serviceCIDR,
    components: [controllerManagerComponent(), endpointsControllerComponent(), ...kubelets.components, serviceProxyComponent({ docker: rt.docker })],
    podStreams: kubelets.podStreams,
  });
}, 180_000);

afterAll(async () => {
  // Every step runs even when one before it failed (the namespace, its dockerd and sshd must not outlive the test).
  const errors: unknown[] = [];
  const step = async (f: () => Promise<unknown>) => f().catch((err: unknown) => errors.push(err));
  await step(async () => tc?.stop());
  await step(async () => sshd?.dispose());
  await step(async () => engine?.dispose());
  if (rt) {
    await step(() => cleanupByLabel(rt, TEST_LABEL, run));
    await step(() => cleanupByLabel(rt, LABEL_CLUSTER, clusterId));
  }
  if (errors.length) throw errors[0];
}, 120_000);

const readyOf = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;

function webPod(name: string, node: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'both' } },
    spec: {
      nodeName: node,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'web',
          image: 'busybox:latest',
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', `mkdir -p /www; echo ${name} > /www/index.html; echo serving-${name}; exec httpd -f -p 8080 -h /www`],
          ports: [{ name: 'http', containerPort: 8080 }],
        },
      ],
    },
  };
}

it('an ssh:// node runs a pod; kubectl logs and exec reach it; a host key not in known_hosts is refused', { timeout: 180_000 }, async () => {
  // The same endpoint and key with a known_hosts listing another key for the host: refused before any Docker call.
  const otherKnownHosts = join(dataDir, 'other_known_hosts');
  writeFileSync(otherKnownHosts, `[${engine.address}]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILblb3ezcdpaMqANJLF0odBjpP7hzNUH4ViwIt7idJx7\n`);
  const impostor = new Docker(dockerOptions({ url: sshd.endpoint, source: 'config', ssh: { sshKeyPath: sshd.keyPath, sshKnownHostsPath: otherKnownHosts } }));
  await expect(impostor.ping()).rejects.toThrow(/verification failed/i);

  await waitFor(async () => readyOf(await tc.cluster.client.get<Node>(GVR.nodes, undefined, remote)) === 'True', { timeoutMs: 60_000, what: 'ssh node Ready' });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(webPod('far', remote)) });
  const pod = await waitFor(
    async () => {
      const p = await tc.cluster.client.get<Pod>(GVR.pods, NS, 'far');
      return p.status?.phase === 'Running' ? p : undefined;
    },
    { timeoutMs: 90_000, what: 'pod far Running on the ssh node' },
  );
  // On the namespace's engine, its port published on the node's own address.
  expect((await engine.dockerd.docker.listContainers({ filters: { label: ['io.kubernetes.pod.name=far'] } })).length).toBeGreaterThan(0);
  expect(pod.status?.hostIP).toBe(engine.address);
  expect(JSON.parse(pod.metadata.annotations?.[PUBLISHED_PORTS_ANNOTATION] ?? '{}')['8080/TCP']).toMatch(new RegExp(`^${engine.address.replace(/\./g, '\\.')}:\\d+$`));
  await waitFor(async () => (await tc.kubectl.run(['logs', 'far'])).stdout.includes('serving-far'), { timeoutMs: 30_000, what: 'kubectl logs from the ssh node' });
  expect((await tc.kubectl.ok(['exec', 'far', '--', 'cat', '/www/index.html'])).trim()).toBe('far');
});

it('a Service reaches its pods on both engines: NodePort from the host, by name from a local pod', { timeout: 180_000 }, async () => {
  await tc.kubectl.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        webPod('near', local),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'both', namespace: NS },
          spec: { type: 'NodePort', selector: { app: 'both' }, ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort }] },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'client', namespace: NS },
          spec: { nodeName: local, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
        },
      ],
    }),
  });
  await waitFor(
    async () => {
      const ps = (await tc.cluster.client.list<Pod>(GVR.pods, NS)).items;
      return ps.length === 3 && ps.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    },
    { timeoutMs: 90_000, what: 'far, near and client Ready' },
  );
  // From the host: the NodePort (HAProxy on the local engine) answers from both pods.
  const fromHost = new Set<string>();
  await waitFor(
    async () => {
      fromHost.add((await hostGet(nodePort).catch(() => '')).trim());
      return fromHost.has('far') && fromHost.has('near');
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `both pods through 127.0.0.1:${nodePort} (saw ${[...fromHost].join(', ')})` },
  );
  // From a pod on the local node, by the Service's name.
  const fromPod = new Set<string>();
  await waitFor(
    async () => {
      const r = await tc.kubectl.run(['exec', 'client', '--', 'timeout', '5', 'wget', '-qO-', 'http://both']);
      if (r.code === 0) fromPod.add(r.stdout.trim());
      return fromPod.has('far') && fromPod.has('near');
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `both pods through http://both from the client pod (saw ${[...fromPod].join(', ')})` },
  );
  await tc.kubectl.ok(['delete', 'pod', 'far', 'near', 'client', '--wait=true']);
  await tc.kubectl.ok(['delete', 'service', 'both']);
  // The kubelet and the proxy remove their containers after the objects go; waiting for that keeps the
  // cluster's teardown (which removes the network) from racing those removals.
  await waitFor(async () => (await rt.docker.listContainers({ all: true, filters: { label: [`${LABEL_CLUSTER}=${clusterId}`] } })).length === 0, {
    timeoutMs: 60_000,
    what: "the cluster's containers on the local engine removed",
  });
});
