/**
 * Issue 15 (real clients work unchanged): discovery.k8s.io/v1 EndpointSlices
 * kept by the EndpointSlice controller, seen by the real kubectl and the
 * official Python client. A Deployment of busybox httpd pods behind a
 * Service and an Ingress, on a cluster with a local kubelet on Docker:
 * `kubectl get endpointslices -l kubernetes.io/service-name=web` lists the
 * pods' IPs with the resolved port, `kubectl describe ingress` and
 * `kubectl describe service` (which read EndpointSlices since kubectl 1.32)
 * show the backends, scaling the Deployment changes the slice, and
 * kubernetes.client.DiscoveryV1Api lists it. Under CI=true a missing
 * python3-kubernetes fails the test.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../src/shared/api/core';
import type { EndpointSlice } from '../../src/shared/api/discovery';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const PYTHON = '/usr/bin/python3';
const exec = promisify(execFile);
const run = testRunId();
const node = `kd-eps-${run}`;
const ns = `eps-${run}`.toLowerCase();
let tc: TestCluster;
let rt: DockerRuntime;

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
  - host: web.localhost
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

/** podIPs are the IPs of the Deployment's running, not terminating pods, sorted. */
async function podIPs(): Promise<string[]> {
  const pods = await tc.kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', ns, '-l', 'app=web']);
  return pods.items.filter((p) => !p.metadata.deletionTimestamp && p.status?.podIP).map((p) => p.status!.podIP!).sort();
}

/** slices are the Service's EndpointSlices as kubectl gets them. */
async function slices(): Promise<EndpointSlice[]> {
  return (await tc.kubectl.json<{ items: EndpointSlice[] }>(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web'])).items;
}

/** readyIPs are the slices' ready addresses, sorted. */
const readyIPs = (list: EndpointSlice[]) => list.flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready).flatMap((e) => e.addresses)).sort();
const allIPs = (list: EndpointSlice[]) => list.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)).sort();

/** untilReady waits until the slices list exactly n ready endpoints, the IPs of the Deployment's pods, and nothing else. */
async function untilReady(n: number): Promise<string[]> {
  return waitFor(
    async () => {
      const [ips, list] = [await podIPs(), await slices()];
      const ready = readyIPs(list);
      return ips.length === n && JSON.stringify(ready) === JSON.stringify(ips) && JSON.stringify(allIPs(list)) === JSON.stringify(ips) ? ips : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500, what: `${n} ready endpoints in the EndpointSlices of web` },
  );
}

beforeAll(async () => {
  await exec(PYTHON, ['-c', 'import kubernetes']).catch((err: Error) => {
    throw new Error(`python3-kubernetes is not installed (apt-get install python3-kubernetes): ${err.message}`);
  });
  rt = await connectTestRuntime();
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ components: [...k.components, controllerManagerComponent(), schedulerComponent(), endpointsControllerComponent()], podStreams: k.podStreams });
  await tc.kubectl.ok(['create', 'namespace', ns]);
  await tc.kubectl.ok(['apply', '-n', ns, '-f', '-'], { input: manifests });
}, 120_000);

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
}, 60_000);

describe('EndpointSlices with the real kubectl and the Python client', () => {
  it('kubectl get endpointslices -l kubernetes.io/service-name=web shows the pods\' IPs and the resolved port', async () => {
    const ips = await untilReady(2);
    const [slice, ...more] = await slices();
    expect(more).toEqual([]);
    expect(slice!.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice!.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice!.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', controller: true })]);
    expect(slice!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice!.endpoints.every((e) => e.nodeName === node && e.targetRef?.kind === 'Pod' && e.conditions?.serving === true && e.conditions.terminating === false)).toBe(true);
    const table = (await tc.kubectl.ok(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web'])).trimEnd().split('\n');
    expect(table[0]).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/);
    const row = table[1]!.split(/\s+/);
    expect(row.slice(0, 3)).toEqual([slice!.metadata.name, 'IPv4', '8080']);
    expect(row[3]!.split(',').sort()).toEqual(ips);
  }, 120_000);

  it('kubectl describe ingress and kubectl describe service succeed and show the backends', async () => {
    const ips = await untilReady(2);
    const backends = ips.map((ip) => `${ip}:8080`);
    const ing = await tc.kubectl.ok(['describe', 'ingress', 'web', '-n', ns]);
    const line = ing.split('\n').find((l) => l.includes('web:80'));
    expect(line, ing).toBeDefined();
    for (const b of backends) expect(line).toContain(b);
    const svc = await tc.kubectl.ok(['describe', 'service', 'web', '-n', ns]);
    const endpoints = svc.split('\n').find((l) => /^Endpoints:/.test(l));
    expect(endpoints, svc).toBeDefined();
    expect(endpoints!.replace(/^Endpoints:\s+/, '').split(',').sort()).toEqual(backends.sort());
  }, 120_000);

  it('scaling the Deployment updates the slice', async () => {
    await tc.kubectl.ok(['scale', 'deployment', 'web', '-n', ns, '--replicas=3']);
    expect(await untilReady(3)).toHaveLength(3);
    await tc.kubectl.ok(['scale', 'deployment', 'web', '-n', ns, '--replicas=1']);
    expect(await untilReady(1)).toHaveLength(1);
    expect(await slices()).toHaveLength(1);
  }, 180_000);

  it('the Python client lists them with DiscoveryV1Api', async () => {
    const ips = await untilReady(1);
    const script = [
      'import sys, kubernetes',
      'kubernetes.config.load_kube_config(config_file=sys.argv[1])',
      'api = kubernetes.client.DiscoveryV1Api()',
      "lst = api.list_namespaced_endpoint_slice(sys.argv[2], label_selector='kubernetes.io/service-name=web')",
      'for s in lst.items:',
      "    print(s.metadata.name, s.address_type, ','.join(str(p.port) for p in (s.ports or [])), ','.join(a for e in s.endpoints for a in e.addresses), s.endpoints[0].conditions.ready)",
    ].join('\n');
    const { stdout } = await exec(PYTHON, ['-c', script, tc.cluster.kubeconfigPath, ns]);
    const name = (await slices())[0]!.metadata.name;
    expect(stdout.trim()).toBe(`${name} IPv4 8080 ${ips[0]} True`);
  }, 60_000);
});
