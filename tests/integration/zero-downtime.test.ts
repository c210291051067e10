/**
 * Issue 12 A3: zero downtime through a Service. A 3-replica Deployment
 * (readiness probe, maxUnavailable 0, a preStop sleep so the pod leaves the
 * Endpoints and HAProxy's backends before SIGTERM) behind a NodePort Service
 * is rolled from v1 to v2, then scaled 3 → 1 → 3, each time while a host-side
 * load generator (keep-alive off, 127.0.0.1 only) sends at least 2,000
 * requests: no request fails, and the answers switch from v1 to v2.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/shared/api/core';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import { LABEL_CLUSTER } from '../../src/main/proxy/haproxy-config';
import { serviceProxyComponent } from '../../src/main/proxy/component';
import { clusterServiceCIDR } from '../../src/main/proxy/service-network';
import { startLoad, type Load } from './helpers/load';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-zd-${run}`;
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-zero-downtime-'));
const clusterId = clusterIdFor(dataDir);
const nodePort = 30000 + Math.floor(Math.random() * 2700);
const MIN_REQUESTS = 2000;
let tc: TestCluster;
let rt: DockerRuntime;

function deployment(version: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 15
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        env:
        - {name: VERSION, value: ${version}}
        command: ["sh", "-c", "mkdir -p /www && echo $VERSION > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports:
        - {name: http, containerPort: 8080}
        readinessProbe:
          httpGet: {path: /index.html, port: 8080}
          periodSeconds: 1
        lifecycle:
          preStop:
            exec: {command: ["sleep", "3"]}
`;
}

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080, nodePort: ${nodePort}}
`;

const pods = async () => (await tc.kubectl.json<{ items: Pod[] }>(['get', 'pods', '-l', 'app=web'])).items;
const ready = (p: Pod) => !p.metadata.deletionTimestamp && Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

/** progress describes a load for a timeout message. */
function progress(load: Load): string {
  const r = load.result;
  return `ok ${r.ok}, failed ${r.failed}, answers ${JSON.stringify(Object.fromEntries(r.bodies))}, errors ${r.errors.join('; ')}`;
}

/** explained adds the load's progress to a wait that timed out. */
async function explained<T>(load: Load, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw new Error(`${(err as Error).message} (${progress(load)})`);
  }
}

/** untilEnough waits for the load to pass the minimum count, then stops it. */
async function untilEnough(load: Load) {
  await explained(load, waitFor(() => load.result.ok + load.result.failed >= MIN_REQUESTS, { timeoutMs: 180_000, intervalMs: 200, what: `${MIN_REQUESTS} requests` }));
  return load.stop();
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  const serviceCIDR = await clusterServiceCIDR(rt.docker, clusterId);
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({
    dataDir,
    serviceCIDR,
    components: [controllerManagerComponent(), schedulerComponent(), endpointsControllerComponent(), ...k.components, serviceProxyComponent({ docker: rt.docker })],
    podStreams: k.podStreams,
  });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: `${deployment('v1')}---\n${service}` });
  await waitFor(async () => (await pods()).filter(ready).length === 3, { timeoutMs: 90_000, what: 'three ready v1 pods' });
  // The proxy serves once the Endpoints reached it.
  await waitFor(async () => (await startLoad(nodePort, '/', { concurrency: 1, maxRequests: 1 }).done).ok === 1, { timeoutMs: 60_000, what: 'the Service answering' });
}, 180_000);

afterAll(async () => {
  await tc?.stop();
  if (!rt) return;
  await cleanupByLabel(rt, TEST_LABEL, run);
  await cleanupByLabel(rt, LABEL_CLUSTER, clusterId);
}, 60_000);

describe('zero downtime through a Service', () => {
  it('A3: a rolling update v1 → v2 under load fails no request and the answers switch to v2', async () => {
    const load = startLoad(nodePort, '/', { concurrency: 4, maxRequests: 1_000_000 });
    try {
      await waitFor(() => load.result.ok >= 200, { timeoutMs: 30_000, what: 'load flowing' });
      await tc.kubectl.ok(['apply', '-f', '-'], { input: deployment('v2') });
      await tc.kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=180s'], { timeoutMs: 200_000 });
      // Old pods finish their preStop and leave; only v2 answers from then on.
      await waitFor(async () => (await pods()).length === 3, { timeoutMs: 60_000, what: 'old pods gone' });
      const before = load.result.bodies.get('v2') ?? 0;
      await explained(load, waitFor(() => (load.result.bodies.get('v2') ?? 0) > before + 100, { timeoutMs: 90_000, what: 'v2 answers after the rollout' }));
    } finally {
      await untilEnough(load);
    }
    const r = load.result;
    expect(r.errors, `failed requests: ${r.errors.join('; ')}`).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.ok).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(r.bodies.get('v1')).toBeGreaterThan(0);
    expect(r.bodies.get('v2')).toBeGreaterThan(0);
    expect([...r.bodies.keys()].sort()).toEqual(['v1', 'v2']);
    // After the rollout only v2 answers.
    const tail = await startLoad(nodePort, '/', { concurrency: 2, maxRequests: 50 }).done;
    expect([...tail.bodies.keys()]).toEqual(['v2']);
  }, 400_000);

  it('A3: scaling 3 → 1 → 3 under load fails no request', async () => {
    const load = startLoad(nodePort, '/', { concurrency: 4, maxRequests: 1_000_000 });
    try {
      await waitFor(() => load.result.ok >= 200, { timeoutMs: 30_000, what: 'load flowing' });
      await tc.kubectl.ok(['scale', 'deployment/web', '--replicas=1']);
      await waitFor(async () => (await pods()).length === 1, { timeoutMs: 90_000, what: 'down to one pod' });
      await tc.kubectl.ok(['scale', 'deployment/web', '--replicas=3']);
      await waitFor(async () => (await pods()).filter(ready).length === 3, { timeoutMs: 90_000, what: 'three ready pods again' });
    } finally {
      await untilEnough(load);
    }
    const r = load.result;
    expect(r.errors, `failed requests: ${r.errors.join('; ')}`).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.ok).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 400_000);
});
