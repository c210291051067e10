/**
 * A2: two clusters on one Docker engine, as real `serve` processes with
 * different data dirs and the SAME node name (the default-node case where
 * cluster B used to delete every container of cluster A). A runs 3 pods and a
 * Service; B starts, runs its own pods of the same names and a Service of the
 * same name, and is reset (`serve --reset`). Throughout, a watcher checks that
 * A's pods stay Running and A's containers keep their IDs; at the end B's
 * containers, volumes and network are gone and A's are all there.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterIdFor, clusterNetworkName, LABEL_CLUSTER } from '../../src/main/cluster/identity';
import { removeClusterObjects } from '../../src/main/docker/cluster-objects';
import { cidrsOverlap } from '../../src/main/docker/network';
import { connectTestRuntime, testRunId } from '../../src/main/kubelet/testing/docker-env';
import { processGone, spawnServe, type ServeProcess } from './helpers/serve-process';
import { Kubectl, requireTool, waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-two-${run}`;
const dirA = realpathSync(mkdtempSync(join(tmpdir(), 'kubedeck-two-a-')));
const dirB = realpathSync(mkdtempSync(join(tmpdir(), 'kubedeck-two-b-')));
const idA = clusterIdFor(dirA);
const idB = clusterIdFor(dirB);
const started: ServeProcess[] = [];
let docker: Docker;

const manifest = ['p0', 'p1', 'p2']
  .map(
    (n) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\n  labels:\n    app: web\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: main\n    image: kubedeck/busybox:latest\n    imagePullPolicy: IfNotPresent\n    command: ["sleep", "3600"]\n    volumeMounts:\n    - name: scratch\n      mountPath: /scratch\n  volumes:\n  - name: scratch\n    emptyDir: {}\n`,
  )
  .concat(['apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n'])
  .join('---\n');

/** serve starts a cluster on dir with one local node named `node` (both clusters use the same name). */
function serve(dir: string, extra: string[] = []): ServeProcess {
  writeFileSync(join(dir, 'config.yaml'), `nodes:\n- kind: local\n  name: ${node}\npauseImage: kubedeck/pause:3.10\n`);
  const p = spawnServe(['--data-dir', dir, '--port', '0', '--no-ui', ...extra]);
  started.push(p);
  return p;
}

async function containers(clusterId: string, all = true): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all, filters: { label: [`${LABEL_CLUSTER}=${clusterId}`] } });
}

async function volumes(clusterId: string): Promise<string[]> {
  return ((await docker.listVolumes({ filters: { label: [`${LABEL_CLUSTER}=${clusterId}`] } })).Volumes ?? []).map((v) => v.Name).sort();
}

async function network(clusterId: string): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    return (await docker.getNetwork(clusterNetworkName(clusterId)).inspect()) as Docker.NetworkInspectInfo;
  } catch {
    return undefined;
  }
}

interface PodList {
  items: { metadata: { name: string; uid: string }; status?: { phase?: string; containerStatuses?: { restartCount: number; containerID?: string }[] } }[];
}

async function runningPods(k: Kubectl): Promise<PodList['items'] | undefined> {
  const l = await k.json<PodList>(['get', 'pods']);
  return l.items.length === 3 && l.items.every((p) => p.status?.phase === 'Running') ? l.items : undefined;
}

beforeAll(async () => {
  await requireTool('kubectl');
  docker = (await connectTestRuntime()).docker;
});

afterAll(async () => {
  for (const p of started) await p.kill('SIGKILL');
  for (const p of started) expect(processGone(p.pid)).toBe(true);
  if (docker) for (const id of [idA, idB]) await removeClusterObjects(docker, id);
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
}, 60_000);

describe('A2: two clusters on one engine', () => {
  it("B starts, runs its own pods and is reset; A's containers keep their IDs and A's pods stay Running throughout", async () => {
    // Cluster A: 3 pods (each with an emptyDir) and a Service.
    const a = serve(dirA);
    await a.line(/^Kubedeck API ready: (.+)$/);
    const ka = new Kubectl(join(dirA, 'kubeconfig'));
    await ka.ok(['apply', '-f', '-'], { input: manifest });
    const podsA = await waitFor(() => runningPods(ka), { timeoutMs: 90_000, what: "A's 3 pods Running" });
    // The proxy container of A's Service too.
    await waitFor(async () => (await containers(idA, false)).some((c) => c.Labels['kubedeck.proxy'] === 'service'), { timeoutMs: 30_000, what: "A's Service proxy" });
    await waitFor(async () => (await containers(idA, false)).some((c) => c.Labels['kubedeck.proxy'] === 'ingress'), { timeoutMs: 30_000, what: "A's ingress" });
    const idsA = (await containers(idA)).map((c) => c.Id).sort();
    const volsA = await volumes(idA);
    expect(idsA.length).toBe(8); // 3 × (pause + main) … + 1 proxy + 1 ingress
    expect(volsA.length).toBe(3);

    // Watch A for as long as B lives: every pod Running, the same running containers.
    const violations: string[] = [];
    let samples = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const pods = await ka.json<PodList>(['get', 'pods']).catch((err: unknown) => (violations.push(`A's API: ${String(err)}`), undefined));
        for (const p of pods?.items ?? []) {
          if (p.status?.phase !== 'Running') violations.push(`A's pod ${p.metadata.name} is ${p.status?.phase}`);
          if (p.status?.containerStatuses?.some((s) => s.restartCount > 0)) violations.push(`A's pod ${p.metadata.name} restarted a container`);
        }
        const running = (await containers(idA, false)).map((c) => c.Id).sort();
        if (JSON.stringify(running) !== JSON.stringify(idsA)) violations.push(`A's running containers changed: ${running.length} running, expected ${idsA.length}`);
        samples++;
      }
    })();

    // Cluster B: another data dir, the same node name, pods and a Service of the same names.
    const b = serve(dirB);
    await b.line(/^Kubedeck API ready: (.+)$/);
    const kb = new Kubectl(join(dirB, 'kubeconfig'));
    await kb.ok(['apply', '-f', '-'], { input: manifest });
    const podsB = await waitFor(() => runningPods(kb), { timeoutMs: 90_000, what: "B's 3 pods Running" });
    expect(podsB.map((p) => p.metadata.uid)).not.toEqual(expect.arrayContaining(podsA.map((p) => p.metadata.uid)));
    await waitFor(async () => (await containers(idB, false)).some((c) => c.Labels['kubedeck.proxy'] === 'service'), { timeoutMs: 30_000, what: "B's Service proxy" });
    await waitFor(async () => (await containers(idB, false)).some((c) => c.Labels['kubedeck.proxy'] === 'ingress'), { timeoutMs: 30_000, what: "B's ingress" });
    const idsB = (await containers(idB)).map((c) => c.Id);
    const volsB = await volumes(idB);
    expect(idsB.length).toBe(8);
    // Each cluster's ingress on host ports of its own (B's defaults were A's: it took free ones).
    const ingressPorts = async (k: Kubectl) => {
      const a = (await k.json<{ metadata: { annotations?: Record<string, string> } }>(['get', 'ingressclass', 'kubedeck'])).metadata.annotations ?? {};
      return [a['ingress.kubedeck.io/http-port'], a['ingress.kubedeck.io/https-port']];
    };
    const [portsA, portsB] = [await waitFor(() => ingressPorts(ka)), await waitFor(() => ingressPorts(kb))];
    expect(portsA.every(Boolean) && portsB.every(Boolean)).toBe(true);
    expect(portsB.filter((p) => portsA.includes(p))).toEqual([]);
    expect(volsB.length).toBe(3);
    expect(idsB.filter((id) => idsA.includes(id))).toEqual([]);

    // Own networks, disjoint subnets; each Service's ClusterIP lies in its own cluster's service half and its proxy holds it.
    const [netA, netB] = [await network(idA), await network(idB)];
    const subnet = (n: Docker.NetworkInspectInfo | undefined) => n?.IPAM?.Config?.[0]?.Subnet ?? '';
    expect(netA?.Labels?.[LABEL_CLUSTER]).toBe(idA);
    expect(netB?.Labels?.[LABEL_CLUSTER]).toBe(idB);
    expect(cidrsOverlap(subnet(netA), subnet(netB))).toBe(false);
    for (const [k, id, net] of [[ka, idA, netA], [kb, idB, netB]] as const) {
      const ip = (await k.json<{ spec: { clusterIP: string } }>(['get', 'service', 'web'])).spec.clusterIP;
      expect(cidrsOverlap(`${ip}/32`, net!.Labels!['kubedeck.service-range']!)).toBe(true);
      await waitFor(
        async () => {
          const proxy = (await containers(id, false)).find((c) => c.Labels['kubedeck.proxy'] === 'service');
          return proxy?.NetworkSettings?.Networks?.[clusterNetworkName(id)]?.IPAddress === ip;
        },
        { timeoutMs: 30_000, what: `the proxy of ${id} at ClusterIP ${ip}` },
      );
      const events = await k.json<{ items: { reason: string }[] }>(['get', 'events']);
      expect(events.items.filter((e) => e.reason === 'ClusterIPUnavailable')).toEqual([]);
    }

    // Reset B: stop it, then `serve --reset` on its data dir.
    await b.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    const oldNetB = netB!.Id;
    const b2 = serve(dirB, ['--reset']);
    await b2.line(/^Kubedeck API ready: (.+)$/);
    expect(b2.stderr()).toMatch(/reset: removed cluster [0-9a-f]+'s 8 container\(s\), 3 volume\(s\)/);
    const left = (await containers(idB)).map((c) => c.Id);
    expect(left.filter((id) => idsB.includes(id))).toEqual([]);
    expect(await volumes(idB)).toEqual([]);
    expect((await network(idB))?.Id).not.toBe(oldNetB);
    expect((await kb.json<PodList>(['get', 'pods'])).items).toEqual([]);
    await b2.kill('SIGTERM');

    // A, all along and now: Running, same containers and volumes.
    watching = false;
    await watcher;
    expect(samples).toBeGreaterThan(2);
    expect(violations).toEqual([]);
    expect((await containers(idA)).map((c) => c.Id).sort()).toEqual(idsA);
    expect(await volumes(idA)).toEqual(volsA);
    expect((await runningPods(ka))?.map((p) => p.metadata.uid).sort()).toEqual(podsA.map((p) => p.metadata.uid).sort());
  }, 300_000);
});
