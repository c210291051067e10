/**
 * Issue 9 A4: the Docker engine goes away and comes back. The test runs its
 * own dockerd (own socket, data root, exec root; no bridge or iptables
 * changes) so stopping it disturbs nobody. The cluster's local node uses it
 * through DOCKER_HOST. Stopping dockerd turns the node Ready=False with
 * reason ContainerRuntimeUnreachable naming the endpoint; the pods stay in
 * the API with their UIDs; once dockerd is back (its containers stopped, no
 * live-restore) every pod runs again per its restartPolicy, recreated by
 * the kubelet with no manual step (a Never pod ends Failed instead). A second test: a cluster whose node's engine does not exist
 * starts anyway, and the node says why it is NotReady and how to start Docker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { startCluster, type Cluster } from '../../src/main/cluster/cluster';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { cidrsOverlap } from '../../src/main/docker/network';
import { waitFor } from '../../src/main/kubelet/testing/docker-env';
import { haveDockerd, ownDockerd, type OwnDockerd } from './helpers/own-dockerd';

const IMAGES = ['kubedeck/busybox:latest', 'kubedeck/pause:3.10'];
const NODE = 'kd-away';
// Under CI a missing dockerd fails the run; elsewhere (no root, Docker Desktop) the file is skipped.
const run = haveDockerd() || !!process.env.CI;

const readyCond = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready');
const isRunningReady = (p: Pod) => p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe.runIf(run)('Docker goes away and comes back', () => {
  let dockerd: OwnDockerd;
  let cluster: Cluster | undefined;
  let dataDir: string;
  let subnet = '';
  const savedHost = process.env.DOCKER_HOST;

  beforeAll(async () => {
    if (!haveDockerd()) throw new Error('dockerd is not on PATH (or not root): A4 needs a second Docker engine');
    dockerd = ownDockerd();
    await dockerd.start();
    dockerd.load(IMAGES);
    // Before the kubelet would pick 10.244.0.0/16 in this engine too: the same subnet on a second host bridge breaks the main engine's routes.
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-away-'));
    subnet = await dockerd.createClusterNetwork(clusterIdFor(dataDir));
    // The local node finds its engine as the docker CLI does: DOCKER_HOST first.
    process.env.DOCKER_HOST = dockerd.url;
    const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: NODE }], pauseImage: 'kubedeck/pause:3.10', heartbeatIntervalMs: 1000 });
    // The node lifecycle controller marks the pods not ready while the engine is away (Services stop sending them traffic).
    const cm = controllerManagerComponent({ nodeLifecycle: { monitorPeriodMs: 250 } });
    cluster = await startCluster({ dataDir, port: 0, components: [cm, schedulerComponent(), ...k.components], podStreams: k.podStreams });
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
    if (savedHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedHost;
    await dockerd?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('node condition changes and back; pods are kept and run again with the same UIDs', async () => {
    const client = cluster!.client;
    // Two pods that must come back (Always, OnFailure: the engine's shutdown kills them, exit 137), one that must not (Never).
    const policies = { 'away-always': 'Always', 'away-onfailure': 'OnFailure', 'away-never': 'Never' } as const;
    for (const [name, restartPolicy] of Object.entries(policies)) {
      await client.create<Pod>(GVR.pods, 'default', {
        metadata: { name, namespace: 'default' },
        spec: { nodeName: NODE, restartPolicy, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
      });
    }
    const getPod = (n: string) => client.get<Pod>(GVR.pods, 'default', n);
    const all: Pod[] = [];
    for (const n of Object.keys(policies)) all.push(await waitFor(async () => ((p) => (isRunningReady(p) ? p : undefined))(await getPod(n)), 60_000, `${n} Running`));
    const before = all.filter((p) => p.spec.restartPolicy !== 'Never');
    const never = all.find((p) => p.spec.restartPolicy === 'Never') as Pod;
    // The pods run in the test's engine, on the network made for it.
    for (const p of before) expect(cidrsOverlap(`${p.status?.podIP}/32`, subnet)).toBe(true);
    const node = () => client.get<Node>(GVR.nodes, undefined, NODE);
    expect(readyCond(await node())?.status).toBe('True');

    // The engine goes away.
    await dockerd.stop();
    const down = await waitFor(async () => ((c) => (c?.status === 'False' ? c : undefined))(readyCond(await node())), 30_000, 'node NotReady');
    expect(down.reason).toBe('ContainerRuntimeUnreachable');
    expect(down.message).toContain(`cannot reach the Docker engine at ${dockerd.url}`);
    expect(down.message).toContain('start Docker');
    // The pods are still there, the same objects, no longer ready.
    for (const p of all) expect((await getPod(p.metadata.name as string)).metadata.uid).toBe(p.metadata.uid);
    for (const p of before) {
      const cond = await waitFor(async () => ((c) => (c?.status === 'False' ? c : undefined))((await getPod(p.metadata.name as string)).status?.conditions?.find((c) => c.type === 'Ready')), 30_000, `${p.metadata.name} not ready`);
      expect(cond.reason).toBe('NodeNotReady');
    }

    // The engine comes back (its containers stopped: no live-restore).
    await dockerd.start();
    await waitFor(async () => readyCond(await node())?.status === 'True', 60_000, 'node Ready again');
    for (const p of before) {
      // Running again in the engine, not only in the API: a status written while the engine was
      // shutting down (a container started and killed in that window) may already name a new container.
      const runningInEngine = async (uid: string) =>
        (await dockerd.docker.listContainers({ filters: { label: [`io.kubernetes.pod.uid=${uid}`], status: ['running'] } })).map((c) => `docker://${c.Id}`);
      const again = await waitFor(
        async () => {
          const x = await getPod(p.metadata.name as string);
          const id = x.status?.containerStatuses?.[0]?.containerID;
          return isRunningReady(x) && id !== p.status?.containerStatuses?.[0]?.containerID && (await runningInEngine(p.metadata.uid as string)).includes(id as string) ? x : undefined;
        },
        60_000,
        `${p.metadata.name} Running again`,
      );
      expect(again.metadata.uid).toBe(p.metadata.uid);
      expect(await runningInEngine(p.metadata.uid as string)).toHaveLength(2); // pause + main
    }
    // restartPolicy Never: not restarted; it ends Failed with what ran, still the same object.
    const ended = await waitFor(async () => ((x) => (x.status?.phase === 'Failed' ? x : undefined))(await getPod('away-never')), 30_000, 'away-never Failed');
    expect(ended.metadata.uid).toBe(never.metadata.uid);
    expect(ended.status?.containerStatuses?.[0]?.state?.terminated).toBeTruthy();
    expect(await dockerd.docker.listContainers({ filters: { label: [`io.kubernetes.pod.uid=${never.metadata.uid}`], status: ['running'] } })).toHaveLength(0);
  });
});

describe('no Docker engine at all', () => {
  it('the cluster starts and the node says why it is NotReady and how to start Docker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-noengine-'));
    const endpoint = `unix://${join(dir, 'no-docker.sock')}`;
    const k = kubeletClusterOptions({ nodes: [{ kind: 'remote', name: 'nowhere', endpoint }] });
    const c = await startCluster({ dataDir: dir, port: 0, components: k.components, podStreams: k.podStreams });
    try {
      const ready = await waitFor(async () => readyCond(await c.client.get<Node>(GVR.nodes, undefined, 'nowhere')), 10_000, 'node registered');
      expect(ready).toMatchObject({ status: 'False', reason: 'ContainerRuntimeUnreachable' });
      expect(ready.message).toContain(endpoint);
      expect(ready.message).toContain('start Docker (e.g. `sudo systemctl start docker` or `dockerd`)');
      // The control plane answers.
      expect((await c.client.list(GVR.namespaces, undefined)).items.length).toBeGreaterThan(0);
    } finally {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
