/**
 * A kubelet on the real Docker engine driven by the in-memory FakeApiClient:
 * what the kubelet integration tests use until they run against the whole
 * cluster. Everything created is labelled with the run id and removed by
 * `dispose`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event, Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { Kubelet, type KubeletOptions } from '../kubelet';
import type { DockerRuntime } from '../runtime/docker/docker-runtime';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId, waitFor } from './docker-env';
import { FakeApiClient } from '../../client/testing/fake-client';

export interface KubeletTestEnv {
  run: string;
  node: string;
  client: FakeApiClient;
  runtime: DockerRuntime;
  dataDir: string;
  kubelet: Kubelet;
  /** newKubelet builds (not starts) another kubelet for the same node, client and runtime. */
  newKubelet(over?: Partial<KubeletOptions>): Kubelet;
  createPod(name: string, spec: Pod['spec'], meta?: Partial<Pod['metadata']>): Promise<Pod>;
  getPod(name: string): Promise<Pod>;
  waitPod(name: string, cond: (p: Pod) => boolean, what: string, timeoutMs?: number): Promise<Pod>;
  events(name: string): Event[];
  dispose(): Promise<void>;
}

/** startKubeletEnv starts a kubelet for a fresh node on the local engine. */
export async function startKubeletEnv(over: Partial<KubeletOptions> = {}): Promise<KubeletTestEnv> {
  const run = testRunId();
  const node = `kd-test-${run}`;
  const client = new FakeApiClient({ gracefulPodDeletion: true });
  const runtime = await connectTestRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-kubelet-'));
  const newKubelet = (o: Partial<KubeletOptions> = {}) =>
    new Kubelet({
      nodeName: node,
      client,
      connect: async () => runtime,
      dataDir,
      pauseImage: 'kubedeck/pause:3.10',
      extraContainerLabels: { [TEST_LABEL]: run },
      ...over,
      ...o,
    });
  const kubelet = newKubelet();
  await kubelet.start();
  const env: KubeletTestEnv = {
    run,
    node,
    client,
    runtime,
    dataDir,
    kubelet,
    newKubelet,
    createPod: (name, spec, meta = {}) =>
      client.create<Pod>(GVR.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec: { nodeName: node, terminationGracePeriodSeconds: 2, ...spec } }),
    getPod: (name) => client.get<Pod>(GVR.pods, 'default', name),
    waitPod: (name, cond, what, timeoutMs = 30_000) =>
      waitFor(async () => {
        const p = await client.get<Pod>(GVR.pods, 'default', name);
        return cond(p) ? p : undefined;
      }, timeoutMs, `pod ${name}: ${what}`),
    events: (name) => client.all<Event>(GVR.events).filter((e) => e.involvedObject.name === name),
    dispose: async () => {
      await env.kubelet.stop();
      await cleanupByLabel(runtime, TEST_LABEL, run);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return env;
}

/** runningStatus is true when every container of the pod runs and the pod is Ready. */
export function isRunningReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}
