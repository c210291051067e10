/**
 * Several nodes from one config: the local engine node, a virtual node on the
 * same engine (own capacity, labels, taints, power switch), a hollow node and
 * a remote node whose endpoint does not answer (NotReady with the reason).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease } from '../../src/shared/api/coordination';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { startKubelets, type KubeletSet } from '../../src/main/kubelet/nodes';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId, waitFor } from '../../src/main/kubelet/testing/docker-env';
import { FakeApiClient } from '../../src/main/client/testing/fake-client';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { removeDockerObjects } from './helpers/test-cluster';

const run = testRunId();
const client = new FakeApiClient({ gracefulPodDeletion: true });
let set: KubeletSet;
let rt: DockerRuntime;
let dataDir: string;
const local = `kd-local-${run}`;
const virtual = `kd-virtual-${run}`;

beforeAll(async () => {
  rt = await connectTestRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-nodes-'));
  set = await startKubelets(
    { client, dataDir },
    {
      pauseImage: 'kubedeck/pause:3.10',
      heartbeatIntervalMs: 300,
      extraContainerLabels: { [TEST_LABEL]: run },
      nodes: [
        { kind: 'local', name: local },
        { kind: 'virtual', name: virtual, capacity: { cpu: '2', memory: '2Gi', pods: 10 }, labels: { zone: 'b' }, taints: [{ key: 'drill', value: 'yes', effect: 'NoSchedule' }] },
        { kind: 'hollow', name: `kd-hollow-${run}` },
        { kind: 'remote', name: `kd-remote-${run}`, endpoint: 'tcp://127.0.0.1:1' },
      ],
    },
  );
});

afterAll(async () => {
  await set?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
  // The cluster's network (and anything else carrying its id).
  if (dataDir) await removeDockerObjects(dataDir);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready');

describe('nodes from config', () => {
  it('registers every node; the virtual node carries its own capacity, labels and taints', async () => {
    const v = await client.get<Node>(GVR.nodes, undefined, virtual);
    expect(v.status?.capacity).toMatchObject({ cpu: '2', memory: '2097152Ki', pods: '10' });
    expect(v.metadata.labels).toMatchObject({ zone: 'b', 'kubedeck.io/virtual': 'true' });
    expect(v.spec?.taints).toEqual([{ key: 'drill', value: 'yes', effect: 'NoSchedule' }]);
    expect(ready(v)?.status).toBe('True');
    expect(ready(await client.get<Node>(GVR.nodes, undefined, local))?.status).toBe('True');
    expect(ready(await client.get<Node>(GVR.nodes, undefined, `kd-hollow-${run}`))?.status).toBe('True');
  });

  it('shows a remote node whose engine does not answer as NotReady with the endpoint tried', async () => {
    const r = await client.get<Node>(GVR.nodes, undefined, `kd-remote-${run}`);
    expect(ready(r)).toMatchObject({ status: 'False', reason: 'ContainerRuntimeUnreachable' });
    expect(ready(r)?.message).toContain('tcp://127.0.0.1:1 (config: ECONNREFUSED)');
  });

  it('runs a pod on the virtual node; powering off stops its containers and its heartbeats, powering on brings it back', async () => {
    const pod = await client.create<Pod>(GVR.pods, 'default', {
      metadata: { name: 'on-virtual', namespace: 'default' },
      spec: { nodeName: virtual, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    });
    const running = await waitFor(async () => {
      const p = await client.get<Pod>(GVR.pods, 'default', 'on-virtual');
      return p.status?.phase === 'Running' ? p : undefined;
    }, 20_000, 'pod running on the virtual node');
    const list = await rt.docker.listContainers({ filters: { label: [`io.kubernetes.pod.uid=${pod.metadata.uid}`] } });
    expect(list).toHaveLength(2);
    expect(list.every((c) => c.Labels['kubedeck.node'] === virtual)).toBe(true);

    await set.powerOff(virtual);
    const after = await rt.docker.listContainers({ filters: { label: [`io.kubernetes.pod.uid=${pod.metadata.uid}`] } });
    expect(after).toHaveLength(0); // none running
    const renew1 = (await client.get<Lease>(GVR.leases, 'kube-node-lease', virtual)).spec?.renewTime;
    const localRenew1 = (await client.get<Lease>(GVR.leases, 'kube-node-lease', local)).spec?.renewTime;
    // The local node keeps renewing while the virtual one stays silent.
    await waitFor(async () => (await client.get<Lease>(GVR.leases, 'kube-node-lease', local)).spec?.renewTime !== localRenew1, 5000, 'local lease renewed');
    expect((await client.get<Lease>(GVR.leases, 'kube-node-lease', virtual)).spec?.renewTime).toBe(renew1);

    await set.powerOn(virtual);
    await waitFor(async () => (await client.get<Lease>(GVR.leases, 'kube-node-lease', virtual)).spec?.renewTime !== renew1, 5000, 'virtual lease renewed');
    const back = await waitFor(async () => {
      const p = await client.get<Pod>(GVR.pods, 'default', 'on-virtual');
      const id = p.status?.containerStatuses?.[0]?.containerID;
      return p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.state?.running && id !== running.status?.containerStatuses?.[0]?.containerID ? p : undefined;
    }, 20_000, 'pod running again');
    expect(back.status?.containerStatuses?.[0]?.restartCount).toBe(1);
  });
});
