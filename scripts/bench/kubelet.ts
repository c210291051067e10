/**
 * Kubelet section (A6): how much the kubelet adds on top of Docker itself.
 * - Reference: raw Docker create+start of a pause + app pair (what a pod is).
 * - Pod → Running: a one-container pod created through the in-process API
 *   client of a real cluster (spec.nodeName preset, so the scheduler is not in
 *   the path) until the kubelet reports phase Running, p50/p90 over 20 runs.
 * - a 30-replica Deployment → all Ready beside 30 raw pause+app pairs started
 *   with the same concurrency (the kubelet runs one pod worker per pod, so
 *   all 30 at once), raw before and after the Deployment (A B A) and the
 *   Deployment compared with their mean.
 * Loopback only; every container is labelled and removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deployment } from '../../src/shared/api/apps';
import type { Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import type { ApiClient } from '../../src/main/client/types';
import { kubeletComponent, type KubeletComponent } from '../../src/main/kubelet/nodes';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { percentile, type BenchReporter } from './reporter';

const RUNS = 20;
const BULK = 30;

async function rawPair(rt: DockerRuntime, label: Record<string, string>, i: number, tag: string): Promise<void> {
  const net = await rt.clusterNetwork();
  const pause = await rt.docker.createContainer({ name: `bench_pause_${tag}_${i}`, Image: 'kubedeck/pause:3.10', Labels: label, HostConfig: { NetworkMode: net.name } });
  await pause.start();
  const app = await rt.docker.createContainer({
    name: `bench_app_${tag}_${i}`,
    Image: 'kubedeck/busybox:latest',
    Cmd: ['sleep', '3600'],
    Labels: label,
    HostConfig: { NetworkMode: `container:${pause.id}` },
  });
  await app.start();
}

/** waitRunning resolves when every named pod reports phase Running (via a watch, no polling). */
async function waitRunning(client: ApiClient, names: Set<string>, timeoutMs = 120_000): Promise<void> {
  const left = new Set(names);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pods not Running after ${timeoutMs} ms: ${[...left].join(', ')}`)), timeoutMs);
    void client
      .watch<Pod>(GVR.pods, 'default', { resourceVersion: '0', sendInitialEvents: true }, {
        onEvent: (ev) => {
          const p = ev.object as Pod;
          if (p.status?.phase === 'Running') left.delete(p.metadata.name as string);
          if (left.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .then((sub) => {
        const stopWhenDone = setInterval(() => {
          if (left.size === 0) {
            clearInterval(stopWhenDone);
            sub.stop();
          }
        }, 50);
      });
  });
}

function pod(name: string, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
  };
}

function deployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
      },
    },
  };
}

/** waitFor polls check every 20 ms until it holds (bounded by timeoutMs). */
async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export default async function kubeletBench(r: BenchReporter): Promise<void> {
  r.section('kubelet: pod → Running vs raw Docker');
  const run = testRunId();
  const label = { [TEST_LABEL]: run };
  const rt = await connectTestRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-kubelet-'));
  const node = `bench-${run}`;
  const kcfg = { nodes: [{ kind: 'local' as const, name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: label };
  let kubelets: KubeletComponent | undefined;
  const { startCluster } = await import('../../src/main/cluster/cluster');
  const { controllerManagerComponent } = await import('../../src/main/controller/component');
  const { schedulerComponent } = await import('../../src/main/scheduler/component');
  // The real cluster: in-process client → registry → SQLite; controllers and scheduler run too.
  const cluster = await startCluster({
    dataDir,
    port: 0,
    components: [
      controllerManagerComponent(),
      schedulerComponent(),
      async (ctx) => {
        kubelets = await kubeletComponent(kcfg)(ctx);
        return kubelets;
      },
    ],
  });
  try {
    // Warm-up (network creation, image cache, first event stream).
    await rawPair(rt, label, 0, 'warm');
    await cluster.client.create(GVR.pods, 'default', pod('warm', node));
    await waitRunning(cluster.client, new Set(['warm']));
    // Interleaved, so both see the same machine load (the cores are shared).
    const rawTimes: number[] = [];
    const podTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await rawPair(rt, label, i, 'ref');
      rawTimes.push(performance.now() - t0);
      const name = `lat-${i}`;
      const t1 = performance.now();
      const done = waitRunning(cluster.client, new Set([name]));
      await cluster.client.create(GVR.pods, 'default', pod(name, node));
      await done;
      podTimes.push(performance.now() - t1);
    }
    r.row('pod create → Running p50', percentile(podTimes, 50), percentile(rawTimes, 50), 'ms', 'raw pause+app p50');
    r.row('pod create → Running p90', percentile(podTimes, 90), percentile(rawTimes, 90), 'ms', 'raw pause+app p90');
    r.note(`${RUNS} runs each; goal ratio ≤ 1.3. nodeName preset: the scheduler is not in this path.`);

    const rawBulk = async (tag: string): Promise<number> => {
      const t = performance.now();
      await Promise.all(Array.from({ length: BULK }, (_, i) => rawPair(rt, label, i, tag)));
      return performance.now() - t;
    };
    const rawBefore = await rawBulk('bulk_a');
    const t2 = performance.now();
    await cluster.client.create(GVR.deployments, 'default', deployment('bulk', BULK));
    await waitFor(async () => {
      const d = await cluster.client.get<Deployment>(GVR.deployments, 'default', 'bulk');
      return (d.status?.readyReplicas ?? 0) === BULK;
    }, 300_000);
    const deploy30 = performance.now() - t2;
    const rawAfter = await rawBulk('bulk_b');
    r.row(`${BULK}-replica Deployment → all Ready`, deploy30, (rawBefore + rawAfter) / 2, 'ms', `${BULK} raw pause+app pairs, ${BULK} at once`);
    r.note(`raw runs before and after the Deployment: ${rawBefore.toFixed(0)} ms, ${rawAfter.toFixed(0)} ms`);
    r.note('The Deployment path includes the Deployment and ReplicaSet controllers, the scheduler and the kubelet.');
  } finally {
    await kubelets?.set.stop();
    await cluster.stop();
    await cleanupByLabel(rt, TEST_LABEL, run);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
