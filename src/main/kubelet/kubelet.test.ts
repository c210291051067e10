import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { Kubelet, type KubeletOptions } from './kubelet';
import { DockerUnreachableError } from '../docker/endpoint';
import { FakeRuntime } from './runtime/fake/fake-runtime';
import { waitFor } from './testing/docker-env';
import { FakeApiClient } from '../client/testing/fake-client';

const kubelets: Kubelet[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(kubelets.splice(0).map((k) => k.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(over: Partial<KubeletOptions> = {}) {
  const client = new FakeApiClient({ gracefulPodDeletion: true });
  const runtime = new FakeRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'kubelet-unit-'));
  dirs.push(dataDir);
  const make = (o: Partial<KubeletOptions> = {}) => {
    const k = new Kubelet({ nodeName: 'n1', client, connect: async () => runtime, dataDir, pauseImage: 'pause', hostIP: '10.0.0.1', ...over, ...o });
    kubelets.push(k);
    return k;
  };
  const pod = (name: string, spec: Partial<Pod['spec']> = {}) =>
    client.create<Pod>(GVR.pods, 'default', { metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'img:1' }], ...spec } });
  const waitPod = (name: string, cond: (p: Pod) => boolean) =>
    waitFor(async () => {
      const p = await client.get<Pod>(GVR.pods, 'default', name);
      return cond(p) ? p : undefined;
    }, 5000, name);
  return { client, runtime, make, pod, waitPod };
}

describe('Kubelet with a fake runtime', () => {
  it('registers the node with configured capacity, labels and taints', async () => {
    const { client, make } = setup({ capacity: { cpu: 2, memory: 4 * 2 ** 30, pods: 20 }, labels: { zone: 'a' }, taints: [{ key: 'drill', effect: 'NoSchedule' }] });
    await make().start();
    const node = await client.get<Node>(GVR.nodes, undefined, 'n1');
    expect(node.status?.capacity).toMatchObject({ cpu: '2', memory: '4194304Ki', pods: '20' });
    expect(node.status?.allocatable).toEqual(node.status?.capacity);
    expect(node.metadata.labels).toMatchObject({ zone: 'a', 'kubernetes.io/hostname': 'n1', 'kubernetes.io/os': 'linux' });
    expect(node.spec?.taints).toEqual([{ key: 'drill', effect: 'NoSchedule' }]);
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '10.0.0.1' });
  });

  it('metrics: false opens no stats stream; setMetricsEnabled follows the running containers, and closes them again', async () => {
    const { runtime, make, pod, waitPod } = setup({ metrics: false });
    const k = make();
    await k.start();
    await pod('web');
    await waitPod('web', (p) => p.status?.phase === 'Running');
    expect(k.metrics.following()).toBe(0);
    expect(runtime.statsStreams.size).toBe(0);
    k.setMetricsEnabled(true);
    await waitFor(async () => (k.metrics.following() === 1 ? true : undefined), 5000, 'one stream');
    expect(runtime.statsStreams.size).toBe(1);
    k.setMetricsEnabled(false);
    expect(k.metrics.following()).toBe(0);
    expect(runtime.statsStreams.size).toBe(0);
  });

  it('reports NotReady with the plain reason when Docker is unreachable', async () => {
    const { client, make } = setup({
      connect: async () => {
        throw new DockerUnreachableError([{ url: 'unix:///var/run/docker.sock', source: 'default', error: 'ENOENT' }]);
      },
    });
    await make().start();
    const node = await client.get<Node>(GVR.nodes, undefined, 'n1');
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'ContainerRuntimeUnreachable' });
    expect(ready?.message).toBe('cannot reach a Docker engine (tried unix:///var/run/docker.sock (default: ENOENT)) — start Docker (e.g. `sudo systemctl start docker` or `dockerd`), or set DOCKER_HOST');
  });

  it('turns NotReady with the reason when the runtime stops answering, and Ready again when it is back', async () => {
    const { client, runtime, make } = setup({ heartbeatIntervalMs: 20 });
    await make().start();
    const readyCond = async () => (await client.get<Node>(GVR.nodes, undefined, 'n1')).status?.conditions?.find((c) => c.type === 'Ready');
    runtime.down = true;
    const down = await waitFor(async () => {
      const c = await readyCond();
      return c?.status === 'False' ? c : undefined;
    }, 5000, 'NotReady');
    expect(down).toMatchObject({ reason: 'ContainerRuntimeUnreachable', message: 'cannot reach the Docker engine at fake://: connect ENOENT /var/run/docker.sock — start Docker (e.g. `sudo systemctl start docker` or `dockerd`)' });
    runtime.down = false;
    await waitFor(async () => (await readyCond())?.status === 'True', 5000, 'Ready again');
  });

  it('an engine that loses every container while away: pods kept, recreated when it answers again', async () => {
    const { client, runtime, make, pod, waitPod } = setup({ heartbeatIntervalMs: 20, reconnectBackoff: { initialMs: 10, maxMs: 50 } });
    await make().start();
    await pod('keep');
    const before = await waitPod('keep', (x) => x.status?.phase === 'Running');
    runtime.down = true;
    await waitFor(async () => (await client.get<Node>(GVR.nodes, undefined, 'n1')).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False'), 5000, 'NotReady');
    // A dockerd restart without live-restore: the containers are gone.
    runtime.containers.clear();
    runtime.down = false;
    const after = await waitPod('keep', (x) => x.status?.phase === 'Running' && x.status.containerStatuses?.[0]?.containerID !== before.status?.containerStatuses?.[0]?.containerID);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect([...runtime.containers.values()].filter((c) => c.labels['io.kubernetes.pod.uid'] === before.metadata.uid)).toHaveLength(2);
  });

  it('an engine missing at start: the node says why, and the pods start once it answers', async () => {
    const rt = new FakeRuntime();
    let up = false;
    const { client, make, pod, waitPod } = setup({
      heartbeatIntervalMs: 20,
      reconnectBackoff: { initialMs: 10, maxMs: 50 },
      connect: async () => {
        if (!up) throw new DockerUnreachableError([{ url: 'unix:///var/run/docker.sock', source: 'default', error: 'ENOENT' }]);
        return rt;
      },
    });
    await make().start();
    await pod('later');
    const node = await client.get<Node>(GVR.nodes, undefined, 'n1');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainerRuntimeUnreachable' });
    up = true;
    await waitPod('later', (x) => x.status?.phase === 'Running');
    expect((await client.get<Node>(GVR.nodes, undefined, 'n1')).status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs a pod to Running with pause + container and reports status', async () => {
    const { runtime, make, pod, waitPod } = setup();
    await make().start();
    await pod('web');
    const p = await waitPod('web', (x) => x.status?.phase === 'Running');
    expect(p.status?.podIP).toMatch(/^10\.250\./);
    expect(p.status?.hostIP).toBe('10.0.0.1');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ name: 'c', ready: true, started: true, restartCount: 0 });
    expect([...runtime.containers.values()].map((c) => c.name).sort()).toEqual([`k8s_POD_web_default_${p.metadata.uid}_0`, `k8s_c_web_default_${p.metadata.uid}_0`]);
  });

  it('restartPolicy OnFailure: a successful exit completes the pod', async () => {
    const { make, pod, waitPod } = setup();
    await make().start();
    await pod('job', { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'img:1', command: ['true'] }] });
    const p = await waitPod('job', (x) => x.status?.phase === 'Succeeded');
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('a container death reported by the runtime event stream triggers a restart (no polling)', async () => {
    const { runtime, make, pod, waitPod } = setup();
    await make().start();
    const p0 = await pod('svc');
    await waitPod('svc', (x) => x.status?.phase === 'Running');
    const app = [...runtime.containers.values()].find((c) => c.labels['io.kubernetes.pod.uid'] === p0.metadata.uid && !c.sandbox);
    runtime.exit(app!.id, 2);
    const p = await waitPod('svc', (x) => x.status?.containerStatuses?.[0]?.restartCount === 1 && !!x.status.containerStatuses[0].state?.running);
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('pulls a missing image (IfNotPresent) and records progress events', async () => {
    const { client, runtime, make, pod, waitPod } = setup();
    runtime.missingImages.add('remote:2');
    await make().start();
    await pod('pull', { containers: [{ name: 'c', image: 'remote:2' }] });
    await waitPod('pull', (x) => x.status?.phase === 'Running');
    expect(runtime.calls).toContain('pull remote:2');
    const reasons = () => client.all(GVR.events).map((e) => (e as { reason?: string }).reason);
    // Events are written in the background.
    await waitFor(() => reasons().includes('Started'), 5000, 'Started event');
    expect(reasons()).toEqual(expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']));
    // Pull progress went on the pod as an annotation the UI can show, and was cleared after the pull.
    const ann = client.patches.filter((p) => p.resource === 'pods' && p.name === 'pull').map((p) => (p.patch as { metadata: { annotations: Record<string, string | null> } }).metadata.annotations['kubedeck.io/pull-progress']);
    expect(JSON.parse(ann[0] as string)).toMatchObject({ image: 'remote:2', fraction: 1 });
    expect(ann.at(-1)).toBeNull();
  });

  it('adopts what runs after a restart and removes containers of pods deleted meanwhile', async () => {
    const { client, runtime, make, pod, waitPod } = setup();
    const k1 = make();
    await k1.start();
    const a = await pod('a');
    const b = await pod('b');
    await waitPod('a', (x) => x.status?.phase === 'Running');
    await waitPod('b', (x) => x.status?.phase === 'Running');
    const idsA = [...runtime.containers.values()].filter((c) => c.labels['io.kubernetes.pod.uid'] === a.metadata.uid).map((c) => c.id).sort();
    await k1.stop();
    await client.delete(GVR.pods, 'default', 'b', { gracePeriodSeconds: 0 });
    const creates = runtime.calls.filter((c) => c.startsWith('create')).length;
    const k2 = make();
    await k2.start();
    await k2.ready();
    await waitFor(() => ![...runtime.containers.values()].some((c) => c.labels['io.kubernetes.pod.uid'] === b.metadata.uid), 5000, 'b removed');
    const nowA = [...runtime.containers.values()].filter((c) => c.labels['io.kubernetes.pod.uid'] === a.metadata.uid).map((c) => c.id).sort();
    expect(nowA).toEqual(idsA);
    expect(runtime.calls.filter((c) => c.startsWith('create')).length).toBe(creates);
  });
});

describe('Kubelet re-registration', () => {
  it('keeps taints it does not own and adds configured ones that are missing', async () => {
    const { client, make } = setup({ taints: [{ key: 'drill', effect: 'NoSchedule' }] });
    const k1 = make();
    await k1.start();
    await k1.stop();
    const node = await client.get<Node>(GVR.nodes, undefined, 'n1');
    node.spec = { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] };
    await client.update(GVR.nodes, undefined, node);
    await make().start();
    const after = await client.get<Node>(GVR.nodes, undefined, 'n1');
    expect(after.spec?.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'drill', effect: 'NoSchedule' },
    ]);
  });
});
