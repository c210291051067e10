/**
 * Issue 10 A5 (backend): the real kubectl's `drain` evicts through
 * pods/eviction (a Deployment's pods move to the other node, the node is
 * cordoned, an unmanaged pod is refused without --force and deleted with it),
 * and `kubectl attach -i` talks to a running container's main process,
 * both on real Docker containers.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const run = testRunId();
const local = `kd-drain-a-${run}`;
const other = `kd-drain-b-${run}`;
const busybox = { image: 'busybox:latest', imagePullPolicy: 'IfNotPresent' as const };
let tc: TestCluster;
let rt: DockerRuntime;
const kubelets = kubeletClusterOptions({
  pauseImage: 'kubedeck/pause:3.10',
  heartbeatIntervalMs: 500,
  extraContainerLabels: { [TEST_LABEL]: run },
  nodes: [
    { kind: 'local', name: local },
    { kind: 'virtual', name: other },
  ],
});

beforeAll(async () => {
  rt = await connectTestRuntime();
  tc = await startTestCluster({ components: [controllerManagerComponent(), schedulerComponent(), ...kubelets.components], podStreams: kubelets.podStreams });
  await waitFor(async () => (await tc.cluster.client.list<Node>(GVR.nodes, undefined)).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === 2, {
    timeoutMs: 30_000,
    what: 'both nodes Ready',
  });
});

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

const live = async (selector: string) =>
  (await tc.cluster.client.list<Pod>(GVR.pods, 'default', { labelSelector: selector })).items.filter((p) => !p.metadata.deletionTimestamp);

it('kubectl drain evicts a Deployment\'s pods to the other node and refuses an unmanaged pod unless forced', { timeout: 180_000 }, async () => {
  const k = tc.kubectl;
  // discovery advertises the subresource kubectl drain looks for
  const resources = JSON.parse(await k.ok(['get', '--raw', '/api/v1'])) as { resources: { name: string; group?: string; version?: string; kind: string }[] };
  expect(resources.resources.find((r) => r.name === 'pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction' });

  await k.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', ...busybox, command: ['sleep', '3600'] }] } },
      },
    }),
  });
  await k.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare', labels: { app: 'bare' } },
      spec: { nodeName: local, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', ...busybox, command: ['sleep', '3600'] }] },
    }),
  });
  const before = await waitFor(async () => {
    const pods = await live('app=web');
    return pods.length === 4 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
  }, { timeoutMs: 60_000, what: '4 running web pods' });
  const onLocal = before.filter((p) => p.spec.nodeName === local).map((p) => p.metadata.name);
  expect(onLocal.length).toBeGreaterThan(0);

  const refused = await k.run(['drain', local, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('cannot delete Pods that declare no controller (use --force to override): default/bare');
  // kubectl cordons before it checks the pods
  expect((await tc.cluster.client.get<Node>(GVR.nodes, undefined, local)).spec?.unschedulable).toBe(true);

  const drained = await k.ok(['drain', local, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=90s'], { timeoutMs: 120_000 });
  expect(drained).toContain(`node/${local} drained`);
  for (const name of onLocal) expect(drained).toContain(`pod/${name} evicted`);
  expect(drained).toContain('pod/bare evicted');

  const after = await waitFor(async () => {
    const pods = await live('app=web');
    return pods.length === 4 && pods.every((p) => p.spec.nodeName === other && p.status?.phase === 'Running') ? pods : undefined;
  }, { timeoutMs: 60_000, what: 'all 4 web pods running on the other node' });
  for (const name of onLocal) expect(after.map((p) => p.metadata.name)).not.toContain(name);
  expect(await live('app=bare')).toHaveLength(0);
  const node = await k.json<Node>(['get', 'node', local]);
  expect(node.spec?.unschedulable).toBe(true);
  await k.ok(['uncordon', local]);
});

it('eviction of a missing pod is 404 NotFound', async () => {
  const r = await tc.kubectl.run(['create', '--raw', '/api/v1/namespaces/default/pods/nope/eviction', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'nope', namespace: 'default' } }),
  });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('pods "nope" not found');
});

it('kubectl attach -i talks to the container\'s main process, and detaching leaves it running', { timeout: 90_000 }, async () => {
  const k = tc.kubectl;
  await k.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'talk' },
      spec: { nodeName: local, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', ...busybox, stdin: true, tty: false, command: ['sh', '-c', 'while read l; do echo got-$l; done'] }] },
    }),
  });
  await waitFor(async () => (await tc.cluster.client.get<Pod>(GVR.pods, 'default', 'talk')).status?.phase === 'Running', { timeoutMs: 60_000, what: 'pod talk Running' });
  await attachAndSay(k.kubeconfig, k.cacheDir, 'hello');
  // Detaching did not end the process: a second attach still gets answers.
  const pod = await tc.cluster.client.get<Pod>(GVR.pods, 'default', 'talk');
  expect(pod.status?.phase).toBe('Running');
  expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  // stdin's end does not end a non-stdinOnce process, so each attach is ended by the client (killed).
  await attachAndSay(k.kubeconfig, k.cacheDir, 'again');
});

/** attachAndSay runs `kubectl attach -i talk`, types a line, waits for the process's answer, then detaches. */
async function attachAndSay(kubeconfig: string, cacheDir: string, word: string): Promise<void> {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'attach', '-i', 'talk', '-c', 'c'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    child.stdin.write(`${word}\n`);
    await waitFor(() => out.includes(`got-${word}`), { timeoutMs: 30_000, what: `got-${word} from kubectl attach (stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)})` });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
