/**
 * Issue 17 A3: a node on another Docker engine. The engine is a dockerd in a
 * network namespace of the test's own, reached only over a veth at
 * tcp://10.254.N.2:2376 with mutual TLS, as a remote machine's would be.
 * A Deployment's pods run there (the local node cordoned); `kubectl logs`,
 * `exec` and `port-forward` reach them through the API server; the node's
 * capacity is that engine's; powering the remote node off (the same switch
 * as a virtual node's) makes it Unknown and its pods are recreated on the
 * local node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { haveDockerd } from './helpers/own-dockerd';
import { startNetnsEngine, type NetnsEngine } from './helpers/netns-engine';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { hostGet, waitFor } from './helpers/tools';

const run = testRunId();
const local = `kd-local-${run}`;
const remote = `kd-remote-${run}`;
const NS = 'default';
let tc: TestCluster;
let rt: DockerRuntime;
let engine: NetnsEngine;
const forwards: ChildProcess[] = [];

if (!haveDockerd() && process.env.CI === 'true') throw new Error('a second dockerd (root, dockerd on PATH) is required for the remote node test under CI');

beforeAll(async () => {
  rt = await connectTestRuntime();
  // kubedeck/busybox is the kubelet's port-forward helper on engines whose pod IPs the host cannot reach.
  engine = await startNetnsEngine(['kubedeck/pause:3.10', 'busybox:latest', 'kubedeck/busybox:latest']);
  const kubelets = kubeletClusterOptions({
    pauseImage: 'kubedeck/pause:3.10',
    heartbeatIntervalMs: 500,
    extraContainerLabels: { [TEST_LABEL]: run },
    nodes: [
      { kind: 'local', name: local },
      { kind: 'remote', name: remote, endpoint: engine.endpoint, tlsCertPath: engine.certPath },
    ],
  });
  tc = await startTestCluster({
    components: [controllerManagerComponent({ nodeLifecycle: { gracePeriodMs: 4_000, monitorPeriodMs: 250, defaultTolerationSeconds: 2 } }), schedulerComponent(), ...kubelets.components],
    podStreams: kubelets.podStreams,
  });
}, 180_000);

afterAll(async () => {
  for (const f of forwards) if (f.exitCode === null && f.signalCode === null) f.kill('SIGKILL');
  await tc?.stop();
  await engine?.dispose();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

const readyOf = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const livePods = async () => (await tc.cluster.client.list<Pod>(GVR.pods, NS, { labelSelector: 'app=far' })).items.filter((p) => !p.metadata.deletionTimestamp);

it('runs a Deployment on the remote engine; logs, exec and port-forward reach it; powered off, its pods move to the local node', { timeout: 300_000 }, async () => {
  const nodes = await waitFor(
    async () => {
      const ns = await Promise.all([local, remote].map((n) => tc.cluster.client.get<Node>(GVR.nodes, undefined, n)));
      return ns.every((n) => readyOf(n) === 'True') ? ns : undefined;
    },
    { timeoutMs: 60_000, what: 'local and remote nodes Ready' },
  );
  // The remote node reports its own engine (the namespace's dockerd), labelled as remote.
  const remoteNode = nodes[1]!;
  expect(remoteNode.metadata.labels?.['kubedeck.io/remote']).toBe('true');
  const info = await engine.dockerd.docker.info();
  expect(remoteNode.status?.capacity?.cpu).toBe(String(info.NCPU));

  await tc.kubectl.ok(['cordon', local]);
  await tc.kubectl.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'far', namespace: NS },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'far' } },
        template: {
          metadata: { labels: { app: 'far' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'web',
                image: 'busybox:latest',
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c', 'mkdir -p /www; echo far-$(hostname) > /www/index.html; echo serving-on-$(hostname); httpd -f -p 80 -h /www'],
                ports: [{ containerPort: 80 }],
              },
            ],
          },
        },
      },
    }),
  });
  const onRemote = await waitFor(
    async () => {
      const pods = await livePods();
      return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running' && p.spec.nodeName === remote) ? pods : undefined;
    },
    { timeoutMs: 90_000, what: '2 pods Running on the remote node' },
  );

  // Their containers are on the remote engine, not the local one.
  const remoteContainers = await engine.dockerd.docker.listContainers({ filters: { label: [`io.kubernetes.pod.name=${onRemote[0]!.metadata.name}`] } });
  expect(remoteContainers.length).toBeGreaterThan(0);
  expect((await rt.listContainers({ labels: { 'io.kubernetes.pod.name': onRemote[0]!.metadata.name! }, all: true })).length).toBe(0);

  const pod = onRemote[0]!.metadata.name!;
  await waitFor(async () => (await tc.kubectl.run(['logs', pod])).stdout.includes(`serving-on-${pod}`), { timeoutMs: 30_000, what: 'kubectl logs from the remote pod' });
  expect((await tc.kubectl.ok(['exec', pod, '--', 'cat', '/www/index.html'])).trim()).toBe(`far-${pod}`);

  // kubectl port-forward through the API server to a pod on the remote engine.
  const child = spawn('kubectl', ['--kubeconfig', tc.kubectl.kubeconfig, '--cache-dir', tc.kubectl.cacheDir, 'port-forward', `pod/${pod}`, ':80'], { stdio: ['ignore', 'pipe', 'pipe'] });
  forwards.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await waitFor(() => Number(/Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out)?.[1] ?? 0), { timeoutMs: 20_000, what: 'kubectl port-forward listening' });
  const bodies = await Promise.all(Array.from({ length: 20 }, () => hostGet(port)));
  expect(new Set(bodies.map((b) => b.trim()))).toEqual(new Set([`far-${pod}`]));
  child.kill('SIGKILL');

  // Power the remote node off: it goes Unknown, its pods are evicted and recreated on the (uncordoned) local node.
  await tc.kubectl.ok(['uncordon', local]);
  await tc.kubectl.ok(['annotate', 'node', remote, 'kubedeck.io/power=off', '--overwrite']);
  await waitFor(async () => readyOf(await tc.cluster.client.get<Node>(GVR.nodes, undefined, remote)) === 'Unknown', { timeoutMs: 60_000, what: 'remote node Unknown' });
  const moved = await waitFor(
    async () => {
      const pods = await livePods();
      return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running' && p.spec.nodeName === local) ? pods : undefined;
    },
    { timeoutMs: 120_000, what: '2 pods Running on the local node' },
  );
  expect(moved.map((p) => p.metadata.name).filter((n) => onRemote.some((o) => o.metadata.name === n))).toEqual([]);
  // The remote engine's containers of the old pods were stopped with the power.
  const running = await engine.dockerd.docker.listContainers({ filters: { label: ['io.kubernetes.pod.namespace=default'] } });
  expect(running).toEqual([]);
  await tc.kubectl.ok(['delete', 'deployment', 'far', '--wait=true']);
});
