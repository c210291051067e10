/**
 * Issue 16 A4 on real Docker with the real kubectl: a DaemonSet gets a pod on
 * each of three nodes (the local engine's and two virtual ones), a fourth
 * node started while the cluster runs gets one too, a node selector limits
 * it, and `kubectl drain --ignore-daemonsets` leaves the daemon pods alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DaemonSet } from '../../src/shared/api/apps';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { kubeletComponent, type KubeletComponent } from '../../src/main/kubelet/nodes';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const local = `kd-ds-a-${run}`;
const v1 = `kd-ds-b-${run}`;
const v2 = `kd-ds-c-${run}`;
const v3 = `kd-ds-d-${run}`;
const common = { pauseImage: 'kubedeck/pause:3.10', heartbeatIntervalMs: 500, extraContainerLabels: { [TEST_LABEL]: run } };
const kubelets = kubeletClusterOptions({
  ...common,
  nodes: [
    { kind: 'local', name: local },
    { kind: 'virtual', name: v1, labels: { disk: 'ssd' } },
    { kind: 'virtual', name: v2 },
  ],
});
let tc: TestCluster;
let rt: DockerRuntime;
let fourth: KubeletComponent | undefined;

const readyNodes = async () => (await tc.cluster.client.list<Node>(GVR.nodes, undefined)).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;

beforeAll(async () => {
  rt = await connectTestRuntime();
  tc = await startTestCluster({ components: [controllerManagerComponent(), schedulerComponent(), ...kubelets.components], podStreams: kubelets.podStreams });
  await waitFor(async () => (await readyNodes()) === 3, { timeoutMs: 30_000, what: 'three nodes Ready' });
}, 60_000);

afterAll(async () => {
  await fourth?.stop();
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
}, 60_000);

const daemonSet = (name: string, nodeSelector?: Record<string, string>): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { terminationGracePeriodSeconds: 1, ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    },
  },
});

/** runningOn maps node → running pod count of the app. */
async function runningOn(app: string): Promise<Map<string, number>> {
  const pods = (await tc.cluster.client.list<Pod>(GVR.pods, 'default', { labelSelector: `app=${app}` })).items;
  const out = new Map<string, number>();
  for (const p of pods) if (!p.metadata.deletionTimestamp && p.status?.phase === 'Running') out.set(p.spec.nodeName!, (out.get(p.spec.nodeName!) ?? 0) + 1);
  return out;
}

it('A4: one pod on each of three nodes, a fourth node gets one, a node selector limits it; kubectl get ds and drain --ignore-daemonsets', { timeout: 180_000 }, async () => {
  const k = tc.kubectl;
  await k.ok(['apply', '-f', '-'], { input: JSON.stringify(daemonSet('agent')) });
  await k.ok(['apply', '-f', '-'], { input: JSON.stringify(daemonSet('fast', { disk: 'ssd' })) });
  const three = await waitFor(async () => {
    const m = await runningOn('agent');
    return m.size === 3 && [...m.values()].every((n) => n === 1) ? m : undefined;
  }, { timeoutMs: 90_000, what: 'one running agent pod on each of three nodes' });
  expect([...three.keys()].sort()).toEqual([local, v1, v2].sort());
  await k.ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s'], { timeoutMs: 70_000 });
  const table = await k.ok(['get', 'ds', 'agent']);
  expect(table.split('\n')[0]!.trim().split(/\s+/)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE', 'SELECTOR', 'AGE']);
  expect(table).toMatch(/agent\s+3\s+3\s+3\s+3\s+3\s+<none>\s+/);
  expect(await k.ok(['describe', 'ds', 'agent'])).toMatch(/Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);

  // The node selector: only the ssd node.
  const fast = await waitFor(async () => {
    const m = await runningOn('fast');
    return m.size === 1 ? m : undefined;
  }, { timeoutMs: 60_000, what: 'the fast pod on the ssd node' });
  expect([...fast.keys()]).toEqual([v1]);
  expect(await k.ok(['get', 'ds', 'fast'])).toMatch(/fast\s+1\s+1\s+\d\s+1\s+\d\s+disk=ssd\s+/);

  // A fourth node joins while the cluster runs.
  fourth = await kubeletComponent({ ...common, nodes: [{ kind: 'virtual', name: v3 }] }, kubelets.registry)({ client: tc.cluster.client, dataDir: tc.dataDir });
  const four = await waitFor(async () => {
    const m = await runningOn('agent');
    return m.size === 4 && [...m.values()].every((n) => n === 1) ? m : undefined;
  }, { timeoutMs: 90_000, what: 'a running agent pod on the fourth node' });
  expect(four.has(v3)).toBe(true);
  expect((await runningOn('fast')).size).toBe(1);
  const ds = await k.json<DaemonSet>(['get', 'ds', 'agent']);
  expect(ds.status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberMisscheduled: 0 });

  // Labelling the fourth node ssd gives it a fast pod too.
  await k.ok(['label', 'node', v3, 'disk=ssd']);
  await waitFor(async () => ((await runningOn('fast')).size === 2 ? true : undefined), { timeoutMs: 60_000, what: 'a fast pod on the relabelled node' });

  // drain refuses daemon pods without --ignore-daemonsets, and with it leaves them running.
  const refused = await k.run(['drain', v2, '--timeout=30s']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)');
  const drained = await k.ok(['drain', v2, '--ignore-daemonsets', '--timeout=60s'], { timeoutMs: 70_000 });
  expect(drained).toContain(`node/${v2} drained`);
  expect((await runningOn('agent')).get(v2)).toBe(1);
  await k.ok(['uncordon', v2]);
});
