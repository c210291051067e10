/**
 * Issue 12 A2: a Deployment with CPU requests behind a NodePort Service and
 * an autoscaling/v2 HPA (min 1, max 5, target 50 %). CPU load sent from the
 * host through the Service (each request runs a CPU-burning CGI in busybox
 * httpd) raises the replicas to at least 3 within 60 s, every new pod
 * answers through the Service, and after the load stops the Deployment
 * returns to 1 after the stabilisation window, shortened in config.yaml.
 * `kubectl get hpa` shows kubectl's columns with TARGETS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/shared/api/apps';
import type { Pod } from '../../src/shared/api/core';
import { hpaOptionsOf } from '../../src/main/cluster/components';
import { loadClusterConfig } from '../../src/main/cluster/config';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { kubeletMetricsProvider } from '../../src/main/kubelet/metrics/provider';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import { LABEL_CLUSTER, LABEL_NAME } from '../../src/main/proxy/haproxy-config';
import { serviceProxyComponent } from '../../src/main/proxy/component';
import { clusterServiceCIDR } from '../../src/main/proxy/service-network';
import { startLoad, type LoadResult } from './helpers/load';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-hpa-${run}`;
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-hpa-'));
const clusterId = clusterIdFor(dataDir);
const nodePort = 30000 + Math.floor(Math.random() * 2700);
const STABILIZATION_S = 15;
let tc: TestCluster;
let rt: DockerRuntime;

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: burn
spec:
  replicas: 1
  selector:
    matchLabels: {app: burn}
  template:
    metadata:
      labels: {app: burn}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        resources:
          requests: {cpu: 100m}
        readinessProbe:
          httpGet: {path: /index.html, port: 8080}
          periodSeconds: 1
          # The pods burn the CPU on purpose: give the probe time to be answered, or readiness flaps.
          timeoutSeconds: 5
          failureThreshold: 3
        command: ["sh", "-c"]
        args:
        - |
          mkdir -p /www/cgi-bin
          hostname > /www/index.html
          cat > /www/cgi-bin/burn <<'EOF'
          #!/bin/sh
          i=0
          while [ $i -lt 20000 ]; do i=$((i+1)); done
          printf 'Content-Type: text/plain\\r\\n\\r\\n'
          hostname
          EOF
          chmod +x /www/cgi-bin/burn
          exec httpd -f -p 8080 -h /www
        ports:
        - {name: http, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: burn
spec:
  type: NodePort
  selector: {app: burn}
  ports:
  - {name: http, port: 80, targetPort: 8080, nodePort: ${nodePort}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: burn
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: burn}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
`;

const replicas = async () => (await tc.kubectl.json<Deployment>(['get', 'deployment', 'burn'])).spec.replicas ?? 0;
const readyPods = async () =>
  (await tc.kubectl.json<{ items: Pod[] }>(['get', 'pods', '-l', 'app=burn'])).items.filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

/** servingState describes, for a failure message, who is ready, who answered, and what the Endpoints and the proxy hold. */
async function servingState(ready: string[], r: LoadResult): Promise<string> {
  const ep = await tc.kubectl.run(['get', 'endpoints', 'burn', '-o', 'jsonpath={.subsets}']);
  const proxies = await rt.docker.listContainers({ all: true, filters: { label: [`${LABEL_CLUSTER}=${clusterId}`, `${LABEL_NAME}=burn`] } });
  const proxy = await Promise.all(
    proxies.map(async (c) => {
      const exec = await rt.docker.getContainer(c.Id).exec({ Cmd: ['grep', 'server ', '/usr/local/etc/haproxy/haproxy.cfg'], AttachStdout: true, AttachStderr: true });
      const out = await new Promise<string>((resolve) => {
        void exec.start({}).then((s) => {
          let b = '';
          s.on('data', (d: Buffer) => (b += d.toString('latin1')));
          s.on('end', () => resolve(b));
        }, (e: Error) => resolve(e.message));
      });
      return `${c.Names[0]} ${c.State} (${c.Status}): ${out.replace(/[^\x20-\x7e\n]/g, '').trim()}`;
    }),
  );
  return [`ready: ${ready.join(', ')}`, `answered: ${[...r.bodies].map(([b, n]) => `${b}×${n}`).join(', ')} (ok ${r.ok}, failed ${r.failed}: ${r.errors.join('; ')})`, `endpoints: ${ep.stdout}`, `proxy: ${proxy.join(' | ') || 'none'}`].join('\n');
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  // The timings come from config.yaml, as a user would shorten them.
  writeFileSync(join(dataDir, 'config.yaml'), `hpa:\n  syncPeriodSeconds: 3\n  downscaleStabilizationSeconds: ${STABILIZATION_S}\n`);
  const cfg = await loadClusterConfig(dataDir);
  const serviceCIDR = await clusterServiceCIDR(rt.docker, clusterId);
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({
    dataDir,
    serviceCIDR,
    components: [controllerManagerComponent({ hpa: hpaOptionsOf(cfg.hpa!) }), schedulerComponent(), endpointsControllerComponent(), ...k.components, serviceProxyComponent({ docker: rt.docker })],
    podStreams: k.podStreams,
    metrics: kubeletMetricsProvider(k.registry),
  });
  await tc.kubectl.ok(['apply', '-f', '-'], { input: manifests });
  await waitFor(async () => (await readyPods()).length === 1, { timeoutMs: 60_000, what: 'one ready burn pod' });
}, 120_000);

afterAll(async () => {
  await tc?.stop();
  if (!rt) return;
  await cleanupByLabel(rt, TEST_LABEL, run);
  await cleanupByLabel(rt, LABEL_CLUSTER, clusterId);
}, 60_000);

describe('HorizontalPodAutoscaler under load', () => {
  it('A2: scales 1 → ≥3 under load through the Service, every pod answers, and back to 1 after the window', async () => {
    // Idle first: TARGETS shows a measured utilisation against 50 %.
    const idle = await waitFor(async () => {
      const out = await tc.kubectl.ok(['get', 'hpa', 'burn']);
      return /cpu: \d+%\/50%/.test(out) ? out : undefined;
    }, { timeoutMs: 60_000, what: 'TARGETS with a measured utilisation' });
    expect(idle.split('\n')[0]!.trim().split(/\s+/)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(idle).toMatch(/burn\s+Deployment\/burn\s+cpu: \d+%\/50%\s+1\s+5\s+1\s+/);

    const load = startLoad(nodePort, '/cgi-bin/burn', { concurrency: 3, maxRequests: 100_000 });
    try {
      await waitFor(async () => (await replicas()) >= 3, { timeoutMs: 60_000, intervalMs: 1000, what: 'replicas ≥ 3 within 60 s of load' });
      const under = await tc.kubectl.ok(['get', 'hpa', 'burn']);
      expect(under).toMatch(/cpu: \d+%\/50%/);
      // Every ready pod answers through the Service (its hostname comes back).
      await waitFor(
        async () => {
          const pods = await readyPods();
          if (pods.length >= 3 && pods.every((p) => load.result.bodies.has(p.metadata.name!))) return pods;
          // Thrown, not returned: a timeout then says what was seen (waitFor reports the last error).
          throw new Error(await servingState(pods.map((p) => p.metadata.name!), load.result));
        },
        { timeoutMs: 180_000, intervalMs: 1000, what: 'every ready pod answering through the Service' },
      );
    } finally {
      await load.stop();
    }
    expect(load.result.ok).toBeGreaterThan(0);
    const events = await tc.kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler']);
    expect(events).toMatch(/SuccessfulRescale.*New size: \d; reason: cpu resource utilization \(percentage of request\) above target/);

    // Load gone: back to 1 once the (shortened) stabilisation window has passed.
    await waitFor(async () => (await replicas()) === 1, { timeoutMs: 120_000, intervalMs: 1000, what: 'back to 1 replica' });
    const hpa = await tc.kubectl.json<{ status: { conditions: { type: string; status: string }[] } }>(['get', 'hpa', 'burn']);
    expect(hpa.status.conditions.map((c) => c.type).sort()).toEqual(['AbleToScale', 'ScalingActive', 'ScalingLimited']);
  }, 480_000);
});
