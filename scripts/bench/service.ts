/**
 * Service section (issue 12 A5a): requests per second and latency through a
 * Service — host → 127.0.0.1:NodePort → the Service's HAProxy → the pod —
 * beside the same load sent straight to that one pod (its container port as
 * the kubelet publishes it on 127.0.0.1), in the same run, in interleaved
 * batches so both see the same machine load. One backend (a busybox httpd),
 * keep-alive off on both paths (each request a new connection, as the
 * Service tests send them), CONCURRENCY requests in flight.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { LABEL_CLUSTER } from '../../src/main/cluster/identity';
import { LABEL_POD_NAME, LABEL_TYPE, TYPE_SANDBOX } from '../../src/main/kubelet/naming';
import { percentile, type BenchReporter } from './reporter';
import { startBenchCluster, waitUntil } from './support/docker-cluster';

const run = promisify(execFile);
const ROUNDS = 6;
const PER_BATCH = 500;
const CONCURRENCY = 8;

const manifests = (nodePort: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: ${nodePort}}]
`;

function get(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/index.html', agent: false, timeout: 10_000, headers: { Connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

interface Batch {
  ms: number;
  latencies: number[];
  failed: number;
}

/** batch sends n requests with `concurrency` in flight; returns its wall time and each request's latency. */
async function batch(port: number, n: number, concurrency: number): Promise<Batch> {
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < n) {
        sent++;
        const t = performance.now();
        try {
          await get(port);
          latencies.push(performance.now() - t);
        } catch {
          failed++;
        }
      }
    }),
  );
  return { ms: performance.now() - t0, latencies, failed };
}

/** podHostPort reads the 127.0.0.1 port the kubelet published for the pod's container port 8080 (on its sandbox). */
async function podHostPort(clusterId: string, pod: string): Promise<number> {
  const { stdout } = await run('docker', ['ps', '--filter', `label=${LABEL_CLUSTER}=${clusterId}`, '--filter', `label=${LABEL_POD_NAME}=${pod}`, '--filter', `label=${LABEL_TYPE}=${TYPE_SANDBOX}`, '--format', '{{.Ports}}']);
  const m = /127\.0\.0\.1:(\d+)->8080\/tcp/.exec(stdout);
  if (!m) throw new Error(`pod ${pod}: no published port for 8080 in ${JSON.stringify(stdout)}`);
  return Number(m[1]);
}

export default async function serviceBench(r: BenchReporter): Promise<void> {
  r.section('service: through the Service (NodePort → HAProxy → pod) vs straight to the pod');
  const bc = await startBenchCluster('service');
  const nodePort = 30000 + Math.floor(Math.random() * 2700);
  try {
    await bc.kubectl(['apply', '-f', '-'], manifests(nodePort));
    await bc.kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    const pod = (await bc.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const direct = await podHostPort(bc.clusterId, pod);
    // The proxy serves once the Endpoints reached HAProxy.
    await waitUntil('the Service answering', async () => (await get(nodePort).then(() => true)), 90_000);
    await batch(nodePort, 100, CONCURRENCY);
    await batch(direct, 100, CONCURRENCY);
    const svc: Batch[] = [];
    const pod1: Batch[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate which path goes first, so neither always follows the other.
      if (i % 2 === 0) {
        svc.push(await batch(nodePort, PER_BATCH, CONCURRENCY));
        pod1.push(await batch(direct, PER_BATCH, CONCURRENCY));
      } else {
        pod1.push(await batch(direct, PER_BATCH, CONCURRENCY));
        svc.push(await batch(nodePort, PER_BATCH, CONCURRENCY));
      }
    }
    const rps = (bs: Batch[]) => (bs.reduce((a, b) => a + b.latencies.length, 0) * 1000) / bs.reduce((a, b) => a + b.ms, 0);
    const all = (bs: Batch[]) => bs.flatMap((b) => b.latencies);
    r.row('requests/s through the Service', rps(svc), rps(pod1), 'req/s', 'straight to the pod');
    for (const p of [50, 99]) r.row(`latency p${p} through the Service`, percentile(all(svc), p), percentile(all(pod1), p), 'ms', `straight to the pod p${p}`);
    const failed = svc.reduce((a, b) => a + b.failed, 0) + pod1.reduce((a, b) => a + b.failed, 0);
    r.note(`${ROUNDS} interleaved batches of ${PER_BATCH} requests per path, ${CONCURRENCY} in flight, a new connection each; one busybox httpd backend; ${failed} failed.`);
    r.note('Both paths enter through a 127.0.0.1 port Docker publishes; the Service adds the HAProxy hop (and its connection to the pod).');
  } finally {
    await bc.kubectl(['delete', 'deployment,service', 'web', '--wait=true', '--timeout=60s']).catch(() => undefined);
    await bc.stop();
  }
}
