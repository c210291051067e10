/**
 * Issue 9 A5: the cluster process (controllers, scheduler and a real-Docker
 * kubelet) is SIGKILLed while a 10-replica Deployment is half-way through a
 * rolling update, and started again on the same data dir. The rollout must
 * complete, with 0 duplicate containers (one running container per pod uid
 * and container name, one running sandbox per pod) and 0 orphans (every
 * container of this cluster belongs to a live pod in the API).
 *
 * This cluster's containers are the ones of its only node (label
 * kubedeck.node, unique per run) in a namespace unique to the run; the pod
 * labels (io.kubernetes.pod.*) tie each to its pod.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startClusterProcess, type ClusterProcess } from './helpers/cluster-process';
import { removeDockerObjects } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';
import { pidAlive } from './helpers/tracked-process';

const run = testRunId();
const node = `kd-crash-${run}`;
const ns = `crash-${run}`;
const REPLICAS = 10;
let rt: DockerRuntime;
let dataDir: string;
let app: ClusterProcess | undefined;

/** The Deployment; `version` goes into the pod template's env, so changing it starts a rolling update. */
function manifest(version: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: ${REPLICAS}
  minReadySeconds: 1
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 3, maxUnavailable: 2}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: kubedeck/busybox:latest
        imagePullPolicy: Never
        command: ["sleep", "3600"]
        env: [{name: VERSION, value: "${version}"}]
        readinessProbe:
          exec: {command: ["true"]}
          periodSeconds: 1
`;
}

interface Api {
  apps: AppsV1Api;
  core: CoreV1Api;
}

/** startApp starts the cluster process and API clients for it (the port changes on each start). */
async function startApp(): Promise<Api> {
  app = await startClusterProcess({ dataDir, node, run, controllers: true });
  expect(app.pid).toBe(app.process.pid);
  const kc = new KubeConfig();
  kc.loadFromFile(app.kubectl.kubeconfig);
  return { apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api) };
}

async function killApp(): Promise<void> {
  const a = app;
  if (!a) return;
  app = undefined;
  await a.kill(); // throws naming any survivor
  expect(pidAlive(a.pid)).toBe(false);
  rmSync(a.kubectl.cacheDir, { recursive: true, force: true });
}

const version = (p: V1Pod) => p.spec?.containers[0]?.env?.find((e) => e.name === 'VERSION')?.value;
const ready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const livePods = async (api: Api) => (await api.core.listNamespacedPod({ namespace: ns })).items.filter((p) => !p.metadata?.deletionTimestamp);

/** rolledOut tells whether the Deployment's status says the rollout is complete, as `kubectl rollout status` reads it. */
function rolledOut(d: V1Deployment): boolean {
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    s.updatedReplicas === REPLICAS &&
    s.replicas === REPLICAS &&
    s.availableReplicas === REPLICAS &&
    s.readyReplicas === REPLICAS
  );
}

interface PodContainer {
  id: string;
  state: string;
  uid: string;
  namespace: string;
  name: string;
  type: string;
}

/** clusterContainers lists every container (running or not) of this cluster's node. */
async function clusterContainers(): Promise<PodContainer[]> {
  const list = await rt.docker.listContainers({ all: true, filters: { label: [`kubedeck.node=${node}`] } });
  return list.map((c) => ({
    id: c.Id.slice(0, 12),
    state: c.State,
    uid: c.Labels['io.kubernetes.pod.uid'] ?? '',
    namespace: c.Labels['io.kubernetes.pod.namespace'] ?? '',
    name: c.Labels['io.kubernetes.container.name'] ?? '',
    type: c.Labels['io.kubernetes.docker.type'] ?? '',
  }));
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-crash-rollout-'));
});

afterAll(async () => {
  await killApp();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
  // The cluster's network too (and anything else with its id): cleanupByLabel removes a network only with its last container.
  if (dataDir) await removeDockerObjects(dataDir);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('SIGKILL mid rolling update, restart: the rollout completes with 0 duplicate and 0 orphan containers', { timeout: 240_000 }, async () => {
  let api = await startApp();
  await app!.kubectl.ok(['create', 'namespace', ns]);
  await app!.kubectl.ok(['apply', '-f', '-'], { input: manifest('1') });
  await waitFor(async () => rolledOut(await api.apps.readNamespacedDeployment({ name: 'web', namespace: ns })), { timeoutMs: 90_000, intervalMs: 250, what: `${REPLICAS} replicas of version 1 available` });

  // The rolling update, and the crash while it is half-way: some pods of the
  // new ReplicaSet exist (at least one Ready), not all of them.
  await app!.kubectl.ok(['apply', '-f', '-'], { input: manifest('2') });
  const midway = await waitFor(
    async () => {
      const fresh = (await livePods(api)).filter((p) => version(p) === '2');
      if (fresh.length >= REPLICAS) throw new Error('the rollout finished before the crash could interrupt it');
      return fresh.length > 0 && fresh.some(ready) ? fresh.length : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 50, what: 'the rollout half-way' },
  );
  const crashedPid = app!.pid;
  await killApp();
  expect(pidAlive(crashedPid)).toBe(false);
  expect(midway).toBeLessThan(REPLICAS);

  api = await startApp();
  expect(app!.pid).not.toBe(crashedPid);
  await waitFor(async () => rolledOut(await api.apps.readNamespacedDeployment({ name: 'web', namespace: ns })), { timeoutMs: 120_000, intervalMs: 250, what: 'the rollout to complete after the restart' });
  const pods = await waitFor(
    async () => {
      const all = (await api.core.listNamespacedPod({ namespace: ns })).items;
      // Old pods terminated and gone from the API: exactly the new ReplicaSet's pods remain.
      return all.length === REPLICAS && all.every((p) => !p.metadata?.deletionTimestamp && version(p) === '2' && ready(p)) ? all : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `exactly ${REPLICAS} pods, all version 2 and Ready` },
  );
  const liveUids = new Set(pods.map((p) => p.metadata!.uid!));

  // 0 orphans: the kubelet removes the containers of pods that are gone; none may stay.
  let orphans: PodContainer[] = [];
  await waitFor(
    async () => {
      orphans = (await clusterContainers()).filter((c) => !liveUids.has(c.uid));
      return orphans.length === 0;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'no container without a live pod' },
  ).catch(() => undefined);
  expect(orphans, 'containers of this cluster that belong to no live pod').toEqual([]);

  // 0 duplicates: one running sandbox per pod and one running container per pod and container name.
  const containers = await clusterContainers();
  expect(containers.every((c) => c.namespace === ns)).toBe(true);
  const running = containers.filter((c) => c.state === 'running');
  const byKey = new Map<string, string[]>();
  for (const c of running) {
    const key = `${c.uid}/${c.type === 'podsandbox' ? 'POD' : c.name}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c.id]);
  }
  const duplicates = [...byKey].filter(([, ids]) => ids.length > 1);
  expect(duplicates, 'pod containers running more than once').toEqual([]);
  const expected = [...liveUids].flatMap((uid) => [`${uid}/POD`, `${uid}/main`]).sort();
  expect([...byKey.keys()].sort()).toEqual(expected);

  // Clean up through the cluster: deleting the namespace deletes the pods, and the kubelet their containers.
  await app!.kubectl.ok(['delete', 'namespace', ns, '--wait=false']);
  await waitFor(async () => (await clusterContainers()).length === 0, { timeoutMs: 90_000, intervalMs: 500, what: 'the containers of the deleted namespace removed' });
});
