/**
 * Services end to end on a real cluster (API server, controller manager and
 * scheduler, Docker kubelet, Endpoints controller, Service proxy), driven by
 * the real kubectl: a Deployment of two busybox httpd pods behind a NodePort
 * Service (80 → 8080). From a third pod, `wget http://web` (search path) and
 * the FQDN succeed and both backends answer; the NodePort answers on
 * 127.0.0.1 from the host; scaling to 0 empties the Endpoints and the
 * connection fails.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../../src/shared/api/core';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { serviceProxyComponent } from '../../src/main/proxy/component';
import { clusterServiceCIDR } from '../../src/main/proxy/service-network';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { ipInSubnet, LABEL_CLUSTER } from '../../src/main/proxy/haproxy-config';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { hostGet, waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-proxy-${run}`;
const ns = `px-${run}`;
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-proxy-cluster-'));
// The cluster's own id: its kubelets, proxies and network all carry it.
const clusterId = clusterIdFor(dataDir);
const nodePort = 30000 + Math.floor(Math.random() * 2700);
let tc: TestCluster;
let rt: DockerRuntime;
let serviceCIDR = '';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports:
        - {name: http, containerPort: 8080}
---
# A pod that shares the Service's name: its hostname (a DNS alias on the cluster network) must not shadow the Service.
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: impostor}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "mkdir -p /www && echo impostor-pod > /www/index.html && exec httpd -f -p 80 -h /www"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080, nodePort: ${nodePort}}
---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: busybox:latest
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
`;

/** wget fetches url from the client pod through kubectl exec (busybox `timeout` bounds it; wget's own -T crashes in this busybox). */
async function wget(url: string): Promise<{ code: number; out: string }> {
  const r = await tc.kubectl.run(['exec', '-n', ns, 'client', '--', 'timeout', '5', 'wget', '-qO-', url]);
  return { code: r.code, out: r.stdout.trim() };
}


const readyIPs = (e: Endpoints) => (e.subsets ?? []).flatMap((s) => s.addresses ?? []);

beforeAll(async () => {
  rt = await connectTestRuntime();
  serviceCIDR = await clusterServiceCIDR(rt.docker, clusterId);
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({
    dataDir,
    serviceCIDR,
    components: [
      controllerManagerComponent(),
      schedulerComponent(),
      endpointsControllerComponent(),
      ...k.components,
      serviceProxyComponent({ docker: rt.docker }),
    ],
    podStreams: k.podStreams,
  });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n` });
  await tc.kubectl.ok(['apply', '-n', ns, '-f', '-'], { input: manifests });
  await waitFor(async () => (await tc.kubectl.json<{ status?: { phase?: string } }>(['get', 'pod', 'client', '-n', ns])).status?.phase === 'Running', {
    timeoutMs: 60_000,
    what: 'client pod Running',
  });
  await waitFor(async () => (await tc.kubectl.json<{ status?: { phase?: string } }>(['get', 'pod', 'web', '-n', ns])).status?.phase === 'Running', {
    timeoutMs: 60_000,
    what: 'pod web Running',
  });
}, 120_000);

afterAll(async () => {
  await tc?.stop();
  if (!rt) return;
  await cleanupByLabel(rt, TEST_LABEL, run);
  await cleanupByLabel(rt, LABEL_CLUSTER, clusterId);
}, 60_000);

describe('Services on the real cluster', () => {
  it('the Service gets a ClusterIP in the network service range and Endpoints list both ready pods', async () => {
    const svc = await tc.kubectl.json<Service>(['get', 'service', 'web', '-n', ns]);
    expect(ipInSubnet(svc.spec!.clusterIP!, serviceCIDR)).toBe(true);
    const ep = await waitFor(
      async () => {
        const e = await tc.kubectl.json<Endpoints>(['get', 'endpoints', 'web', '-n', ns]);
        return readyIPs(e).length === 2 ? e : undefined;
      },
      { timeoutMs: 60_000, what: 'two ready endpoints' },
    );
    expect(readyIPs(ep).map((a) => a.targetRef?.kind)).toEqual(['Pod', 'Pod']);
    expect(readyIPs(ep).every((a) => a.nodeName === node)).toBe(true);
    expect(ep.subsets![0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  }, 90_000);

  it('from a pod, http://web and the FQDN answer, and both backends take requests (not the pod named web)', async () => {
    const ep = await tc.kubectl.json<Endpoints>(['get', 'endpoints', 'web', '-n', ns]);
    const podNames = readyIPs(ep)
      .map((a) => a.targetRef!.name!)
      .sort();
    const seen = new Set<string>();
    for (const url of ['http://web', `http://web.${ns}.svc.cluster.local`]) {
      const r = await waitFor(
        async () => {
          const x = await wget(url);
          return x.code === 0 ? x : undefined;
        },
        { timeoutMs: 30_000, what: `wget ${url}` },
      );
      expect(podNames).toContain(r.out);
      seen.add(r.out);
    }
    for (let i = 0; i < 10 && seen.size < 2; i++) {
      const r = await wget('http://web');
      expect(r.code).toBe(0);
      seen.add(r.out);
    }
    expect([...seen].sort()).toEqual(podNames);
  }, 90_000);

  it('the NodePort answers on 127.0.0.1 from the host', async () => {
    const body = await waitFor(() => hostGet(nodePort).catch(() => undefined), { timeoutMs: 20_000, what: `127.0.0.1:${nodePort}` });
    expect(body).toMatch(/^web-/);
  }, 30_000);

  it('scaled to 0, the Endpoints empty and connecting through the Service fails', async () => {
    await tc.kubectl.ok(['scale', 'deployment', 'web', '-n', ns, '--replicas=0']);
    await waitFor(async () => readyIPs(await tc.kubectl.json<Endpoints>(['get', 'endpoints', 'web', '-n', ns])).length === 0, {
      timeoutMs: 30_000,
      what: 'no ready endpoints',
    });
    const r = await waitFor(
      async () => {
        const x = await wget('http://web');
        return x.code !== 0 ? x : undefined;
      },
      { timeoutMs: 20_000, what: 'wget failing' },
    );
    expect(r.code).not.toBe(0);
  }, 60_000);
});
