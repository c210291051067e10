/**
 * Issue 16 A3 on real Docker with the real kubectl: a 3-replica StatefulSet
 * with a volumeClaimTemplate starts its pods in order 0, 1, 2 (each created
 * only once the previous one is Ready, checked over a watch); each pod's
 * claim is provisioned by the local-path provisioner (WaitForFirstConsumer)
 * and `kubectl get pvc` shows it Bound; after deleting every pod, and after
 * restarting the cluster on the same data dir, each pod finds its own file;
 * `web-1.<svc>` resolves from another pod; rollout status/history/undo work;
 * deleting a claim (reclaim Delete) removes its Docker volume; a cluster reset
 * removes its claims' volumes and no other cluster's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { startCluster, type Cluster } from '../../src/main/cluster/cluster';
import { resetClusterData } from '../../src/main/cluster/reset';
import { LABEL_PV } from '../../src/main/kubelet/volumes';
import { clusterIdFor, LABEL_CLUSTER } from '../../src/main/cluster/identity';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { dockerVolumeBackend } from '../../src/main/docker/local-path-volumes';
import { connectDocker } from '../../src/main/docker/endpoint';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import { removeDockerObjects } from './helpers/test-cluster';
import { Kubectl, requireTool, waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-sts-${run}`;
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-sts-'));
let cluster: Cluster | undefined;
let k: Kubectl;
let rt: DockerRuntime;

async function start(): Promise<void> {
  const kubelets = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', heartbeatIntervalMs: 500, extraContainerLabels: { [TEST_LABEL]: run } });
  cluster = await startCluster({
    port: 0,
    dataDir,
    components: [controllerManagerComponent({ volumeBackend: dockerVolumeBackend(clusterIdFor(dataDir)) }), schedulerComponent(), ...kubelets.components],
    podStreams: kubelets.podStreams,
  });
  k = new Kubectl(cluster.kubeconfigPath);
}

beforeAll(async () => {
  await requireTool('kubectl');
  rt = await connectTestRuntime();
  await start();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await removeDockerObjects(dataDir);
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
  rmSync(dataDir, { recursive: true, force: true });
  if (k) rmSync(k.cacheDir, { recursive: true, force: true });
}, 60_000);

const MANIFEST = `apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: c
        image: kubedeck/busybox:latest
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "[ -f /data/first ] || hostname > /data/first; sleep 3600"]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 100Mi}}
`;

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

async function readyPods(): Promise<Pod[] | undefined> {
  const pods = (await cluster!.client.list<Pod>(GVR.pods, 'default', { labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);
  return pods.length === 3 && pods.every(isReady) ? pods : undefined;
}

it('A3: ordered start, a claim per pod (Bound), data kept across pod deletion and cluster restart, name-1.<svc> resolves', { timeout: 400_000 }, async () => {
  // Every pod event in order, from before the StatefulSet exists.
  const events: { type: string; name: string; ready: boolean }[] = [];
  const sub = await cluster!.client.watch<Pod>(GVR.pods, 'default', {}, {
    onEvent: (ev) => {
      const p = ev.object as Pod;
      if (ev.type !== 'ERROR' && ev.type !== 'BOOKMARK') events.push({ type: ev.type, name: p.metadata.name!, ready: isReady(p) });
    },
  });
  try {
    await k.ok(['apply', '-f', '-'], { input: MANIFEST });
    await waitFor(readyPods, { timeoutMs: 120_000, what: 'web-0..2 Ready' });
  } finally {
    sub.stop();
  }
  const created = (n: string) => events.findIndex((e) => e.type === 'ADDED' && e.name === n);
  const firstReady = (n: string) => events.findIndex((e) => e.name === n && e.ready);
  for (const [prev, next] of [['web-0', 'web-1'], ['web-1', 'web-2']] as const) {
    expect(created(next), `${next} created only after ${prev} was Ready`).toBeGreaterThan(firstReady(prev));
    expect(firstReady(prev)).toBeGreaterThanOrEqual(0);
  }

  // kubectl's view: the StatefulSet, its claims Bound to provisioned volumes, the default class.
  expect(await k.ok(['get', 'sts', 'web'])).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+/);
  const pvcTable = await k.ok(['get', 'pvc']);
  expect(pvcTable.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
  for (const i of [0, 1, 2]) expect(pvcTable).toMatch(new RegExp(`data-web-${i}\\s+Bound\\s+pvc-[0-9a-f-]+\\s+100Mi\\s+RWO\\s+local-path\\s`));
  expect(await k.ok(['get', 'storageclass'])).toMatch(/local-path \(default\)\s+kubedeck\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false/);
  const sts = await k.json(['get', 'sts', 'web']);
  expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  expect(sts.status.currentRevision).toBe(sts.status.updateRevision);

  expect(await k.ok(['describe', 'sts', 'web'])).toMatch(/Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);
  expect(await k.ok(['describe', 'pvc', 'data-web-0'])).toMatch(/Status:\s+Bound/);

  // Each pod writes its own token; the file its first start wrote names it.
  for (const i of [0, 1, 2]) {
    expect((await k.ok(['exec', `web-${i}`, '--', 'cat', '/data/first'])).trim()).toBe(`web-${i}`);
    await k.ok(['exec', `web-${i}`, '--', 'sh', '-c', `echo token-${i}-${run} > /data/token`]);
  }

  // Stable DNS: web-1.nginx (search path) and the FQDN resolve to web-1's IP from web-0.
  const web1 = await cluster!.client.get<Pod>(GVR.pods, 'default', 'web-1');
  for (const name of ['web-1.nginx', 'web-1.nginx.default.svc.cluster.local']) {
    const out = await k.ok(['exec', 'web-0', '--', 'ping', '-c1', '-W2', name]);
    expect(out, name).toContain(`(${web1.status!.podIP})`);
  }

  const tokens = async () => {
    for (const i of [0, 1, 2]) expect((await k.ok(['exec', `web-${i}`, '--', 'cat', '/data/token'])).trim()).toBe(`token-${i}-${run}`);
  };
  // Delete every pod: each comes back with its own claim and data.
  const before = new Map((await readyPods())!.map((p) => [p.metadata.name, p.metadata.uid]));
  await k.ok(['delete', 'pod', 'web-0', 'web-1', 'web-2', '--wait=false']);
  await waitFor(async () => {
    const pods = await readyPods();
    return pods && pods.every((p) => before.get(p.metadata.name) !== p.metadata.uid) ? pods : undefined;
  }, { timeoutMs: 120_000, what: 'web-0..2 recreated and Ready' });
  await tokens();

  // Restart the cluster on the same data dir: the claims, volumes and data are still there.
  await cluster!.stop();
  cluster = undefined;
  await start();
  await waitFor(readyPods, { timeoutMs: 120_000, what: 'web-0..2 Ready after restart' });
  await tokens();
  await k.ok(['delete', 'pod', 'web-2']);
  await waitFor(async () => (await readyPods())?.find((p) => p.metadata.name === 'web-2' && p.metadata.uid !== before.get('web-2')), { timeoutMs: 90_000, what: 'web-2 back after restart' });
  await tokens();
});

it('rollout status/history/undo/restart for a StatefulSet; a deleted claim (reclaim Delete) takes its volume with it', { timeout: 300_000 }, async () => {
  await k.ok(['rollout', 'status', 'sts/web', '--timeout=60s']);
  await k.ok(['set', 'env', 'sts/web', 'STAGE=two']);
  const out = await k.ok(['rollout', 'status', 'sts/web', '--timeout=180s'], { timeoutMs: 200_000 });
  // Kubernetes defaults partition to 0, so kubectl reports a partitioned roll out, as against a real cluster.
  expect(out).toContain('partitioned roll out complete: 3 new pods have been updated');
  const history = await k.ok(['rollout', 'history', 'sts/web']);
  expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  expect(await k.ok(['get', 'controllerrevisions'])).toMatch(/web-\w+\s+statefulset\.apps\/web\s+2\s/);
  await k.ok(['rollout', 'undo', 'sts/web']);
  await k.ok(['rollout', 'status', 'sts/web', '--timeout=180s'], { timeoutMs: 200_000 });
  const sts = await k.json(['get', 'sts', 'web']);
  expect(sts.spec.template.spec.containers[0].env ?? []).toEqual([]);
  expect(sts.status.updatedReplicas).toBe(3);
  await k.ok(['rollout', 'restart', 'sts/web']);
  await k.ok(['rollout', 'status', 'sts/web', '--timeout=180s'], { timeoutMs: 200_000 });
  const restarted = await cluster!.client.get<Pod>(GVR.pods, 'default', 'web-0');
  expect(restarted.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
  // Data survived the rolling updates too.
  expect((await k.ok(['exec', 'web-1', '--', 'cat', '/data/token'])).trim()).toBe(`token-1-${run}`);

  // Scale down to 2 keeps data-web-2; delete the StatefulSet and a claim: its PV (reclaim Delete) and Docker volume go.
  await k.ok(['scale', 'sts/web', '--replicas=2']);
  await waitFor(async () => (await cluster!.client.list<Pod>(GVR.pods, 'default', { labelSelector: 'app=web' })).items.length === 2, { timeoutMs: 60_000, what: 'scaled to 2' });
  const claim = await cluster!.client.get<PersistentVolumeClaim>(GVR.persistentvolumeclaims, 'default', 'data-web-2');
  const pv = await cluster!.client.get<PersistentVolume>(GVR.persistentvolumes, undefined, claim.spec.volumeName!);
  const { docker } = await connectDocker();
  const vol = (await docker.getVolume(pv.spec.csi!.volumeHandle).inspect()) as { Labels: Record<string, string> };
  expect(vol.Labels[LABEL_CLUSTER]).toBe(clusterIdFor(dataDir));
  await k.ok(['delete', 'pvc', 'data-web-2']);
  await waitFor(async () => (await k.run(['get', 'pv', pv.metadata.name!])).code !== 0, { timeoutMs: 60_000, what: 'PV deleted' });
  await waitFor(async () => docker.getVolume(pv.spec.csi!.volumeHandle).inspect().then(() => false, () => true), { timeoutMs: 30_000, what: 'Docker volume removed' });
});

it('cluster reset removes its claims\' volumes and leaves another cluster\'s alone', { timeout: 120_000 }, async () => {
  const { docker } = await connectDocker();
  const ours = async () => ((await docker.listVolumes({ filters: { label: [`${LABEL_CLUSTER}=${clusterIdFor(dataDir)}`, LABEL_PV] } })).Volumes ?? []).map((v) => v.Name);
  expect((await ours()).length).toBe(2);
  const foreign = `kubedeck-pvc-foreign-${run}`;
  await docker.createVolume({ Name: foreign, Labels: { [LABEL_CLUSTER]: 'ffffffffffff', [LABEL_PV]: 'pvc-foreign', [TEST_LABEL]: run } });
  try {
    await cluster!.stop();
    cluster = undefined;
    await resetClusterData(dataDir);
    expect(await ours()).toEqual([]);
    expect(((await docker.getVolume(foreign).inspect()) as { Name: string }).Name).toBe(foreign);
  } finally {
    await docker.getVolume(foreign).remove().catch(() => undefined);
  }
});
