/**
 * The Service proxy against the real Docker engine, fed by the fake API
 * client (no kubelet involved): two busybox httpd "pods" and a client
 * container on the test cluster's own network, a NodePort Service with a
 * ClusterIP from the network's service range (where the registry allocates
 * them in a cluster), Endpoints written by hand. Shows: DNS names (short via the search path, name.ns,
 * name.ns.svc.cluster.local) and the ClusterIP reach both backends; a
 * scale to zero refuses connections; the NodePort answers on 127.0.0.1;
 * a restarted proxy adopts its container; deleting the Service removes it.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints, Service } from '../../src/shared/api/core';
import { GVR } from '../../src/shared/api/resources';
import { FakeApiClient } from '../../src/main/client/testing/fake-client';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { connectTestRuntime, readAll, TEST_LABEL, testRunId, waitFor } from '../../src/main/kubelet/testing/docker-env';
import { LABEL_CLUSTER, proxyContainerName, renderHaproxyConfig } from '../../src/main/proxy/haproxy-config';
import { DockerProxyBackend } from '../../src/main/proxy/proxy-docker';
import { startServiceProxy, type RunningServiceProxy } from '../../src/main/proxy/service-proxy';
import { clusterNetworkName } from '../../src/main/cluster/identity';
import { removeClusterObjects } from '../../src/main/docker/cluster-objects';
import { ensureClusterNetwork } from '../../src/main/docker/network';
import { hostGet } from './helpers/tools';

const run = testRunId();
const ns = `pt-${run}`;
const clusterId = `test-${run}`;
const network = clusterNetworkName(clusterId);
const nodePort = 30000 + Math.floor(Math.random() * 2700);
const lbNodePort = nodePort + 1;
const lbPort = 20000 + Math.floor(Math.random() * 5000);
let rt: DockerRuntime;
let docker: Docker;
const client = new FakeApiClient();
let proxy: RunningServiceProxy | undefined;
const backends: { name: string; id: string; ip: string }[] = [];
let clientId = '';

async function runContainer(name: string, cmd: string[], extra: Partial<Docker.ContainerCreateOptions> = {}): Promise<{ id: string; ip: string }> {
  const c = await docker.createContainer({
    name: `kdtest-${run}-${name}`,
    Hostname: name,
    Image: 'kubedeck/busybox:latest',
    Cmd: cmd,
    Labels: { [TEST_LABEL]: run },
    HostConfig: { NetworkMode: network, ...(extra.HostConfig ?? {}) },
  });
  await c.start();
  const i = await c.inspect();
  return { id: c.id, ip: i.NetworkSettings.Networks[network]!.IPAddress };
}

/** wget runs busybox wget in the client container, bounded by busybox `timeout` (wget's own `-T` crashes in this busybox build). */
async function wget(url: string): Promise<{ code: number; out: string }> {
  const ex = await rt.exec(clientId, { command: ['timeout', '5', 'wget', '-qO-', url], stdin: false, tty: false });
  const [out, code] = await Promise.all([readAll(ex.stdout), ex.exitCode, readAll(ex.stderr)]);
  return { code, out: out.trim() };
}


function endpointsFor(names: string[]): Endpoints['subsets'] {
  const bs = backends.filter((b) => names.includes(b.name));
  if (bs.length === 0) return [];
  return [{ addresses: bs.map((b) => ({ ip: b.ip, targetRef: { kind: 'Pod', namespace: ns, name: b.name } })), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }];
}

async function setEndpoints(names: string[]): Promise<void> {
  const cur = structuredClone(client.peek<Endpoints>(GVR.endpoints, ns, 'web')!);
  cur.subsets = endpointsFor(names);
  await client.update(GVR.endpoints, ns, cur);
}

async function proxyContainer(): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(proxyContainerName(ns, 'web', clusterId)).inspect();
  } catch {
    return undefined;
  }
}

/** addressIn returns the nth address of an IPv4 CIDR (the registry's allocation, stood in for by the test). */
function addressIn(cidr: string, n: number): string {
  const base = cidr.split('/')[0]!.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + n;
  return [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.');
}

beforeAll(async () => {
  rt = await connectTestRuntime();
  docker = rt.docker;
  const net = await ensureClusterNetwork(docker, network, clusterId);
  const page = 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www';
  for (const name of ['web-a', 'web-b']) backends.push({ name, ...(await runContainer(name, ['sh', '-c', page])) });
  clientId = (
    await runContainer('client', ['sleep', '3600'], {
      // As the kubelet configures a pod's sandbox.
      HostConfig: { NetworkMode: network, DnsSearch: [`${ns}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'], DnsOptions: ['ndots:5'] },
    })
  ).id;
  client.seed(GVR.services, {
    metadata: { name: 'web', namespace: ns },
    spec: { type: 'NodePort', clusterIP: addressIn(net.serviceRange, 10), selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort }] },
  } as Service);
  client.seed(GVR.endpoints, { metadata: { name: 'web', namespace: ns }, subsets: endpointsFor(['web-a', 'web-b']) } as Endpoints);
  proxy = startServiceProxy({ client, docker, clusterId, resyncMs: 0 });
  await proxy.ready;
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  if (!docker) return;
  const list = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await removeClusterObjects(docker, clusterId);
});

describe('Service proxy on Docker', () => {
  it('runs the proxy on the Service\'s ClusterIP from the network service range with the DNS aliases', async () => {
    const svc = await waitFor(() => {
      const s = client.peek<Service>(GVR.services, ns, 'web');
      return s?.spec?.clusterIP ? s : undefined;
    }, 20_000, 'clusterIP');
    const c = await waitFor(async () => ((await proxyContainer())?.State.Running ? proxyContainer() : undefined), 30_000, 'proxy container running');
    const net = (await proxy!.ready).network;
    const ep = c!.NetworkSettings.Networks[net.name]!;
    expect(ep.IPAddress).toBe(svc.spec!.clusterIP);
    expect(ep.Aliases).toEqual(expect.arrayContaining([`web.${ns}`, `web.${ns}.svc`, `web.${ns}.svc.cluster.local`]));
    expect(svc.spec!.clusterIP!.startsWith(net.serviceRange.split('.').slice(0, 2).join('.'))).toBe(true);
  }, 60_000);

  it('the short name, name.ns, the FQDN and the ClusterIP all reach both backends', async () => {
    const ip = client.peek<Service>(GVR.services, ns, 'web')!.spec!.clusterIP!;
    const seen = new Set<string>();
    for (const url of ['http://web', `http://web.${ns}`, `http://web.${ns}.svc.cluster.local`, `http://${ip}`]) {
      const r = await waitFor(async () => {
        const x = await wget(url);
        return x.code === 0 ? x : undefined;
      }, 20_000, `wget ${url}`);
      expect(['web-a', 'web-b']).toContain(r.out);
      seen.add(r.out);
    }
    for (let i = 0; i < 6 && seen.size < 2; i++) seen.add((await wget('http://web')).out);
    expect([...seen].sort()).toEqual(['web-a', 'web-b']);
  }, 60_000);

  it('the NodePort answers on 127.0.0.1', async () => {
    const body = await waitFor(() => hostGet(nodePort).catch(() => undefined), 20_000, `127.0.0.1:${nodePort}`);
    expect(['web-a', 'web-b']).toContain(body);
  }, 30_000);

  it('endpoint changes reload the same container: zero endpoints refuse connections, one endpoint takes all traffic', async () => {
    const before = (await proxyContainer())!.Id;
    await setEndpoints([]);
    const failed = await waitFor(async () => {
      const r = await wget('http://web');
      return r.code !== 0 ? r : undefined;
    }, 20_000, 'connection failure with no endpoints');
    expect(failed.code).not.toBe(0);

    await setEndpoints(['web-b']);
    await waitFor(async () => (await wget('http://web')).out === 'web-b', 20_000, 'web-b answering');
    for (let i = 0; i < 4; i++) expect((await wget('http://web')).out).toBe('web-b');
    expect((await proxyContainer())!.Id).toBe(before);
  }, 60_000);

  it('back-to-back reloads are never lost: after each pair of configuration writes the second one serves', async () => {
    // HAProxy's master can drop a reload signal that lands while it re-executes for the previous one; writeConfig must make up for it.
    const id = (await proxyContainer())!.Id;
    const backend = new DockerProxyBackend(docker, network, clusterId);
    const svc = client.peek<Service>(GVR.services, ns, 'web')!;
    const only = (name: string) => renderHaproxyConfig(svc, { metadata: { name: 'web', namespace: ns }, subsets: endpointsFor([name]) } as Endpoints);
    for (let i = 0; i < 12; i++) {
      const [first, second] = i % 2 === 0 ? ['web-a', 'web-b'] : ['web-b', 'web-a'];
      await backend.writeConfig(id, only(first), true);
      await backend.writeConfig(id, only(second), true);
      // The new worker runs the second file; connections the old one accepted a moment earlier may still see the first.
      await waitFor(async () => (await wget('http://web')).out === second, 10_000, `pair ${i}: ${second} answering`);
    }
    // Leave what the running proxy believes it wrote (web-b alone, from the previous test).
    await backend.writeConfig(id, only('web-b'), true);
    await waitFor(async () => (await wget('http://web')).out === 'web-b', 10_000, 'web-b answering again');
  }, 180_000);

  it('a restarted proxy adopts the running container instead of creating another', async () => {
    const before = (await proxyContainer())!.Id;
    await proxy!.stop();
    proxy = startServiceProxy({ client, docker, clusterId, resyncMs: 0 });
    const { proxy: p } = await proxy.ready;
    await waitFor(() => p.containerFor(`${ns}/web`), 10_000, 'adoption');
    expect(p.containerFor(`${ns}/web`)).toBe(before);
    await setEndpoints(['web-a']);
    await waitFor(async () => (await wget('http://web')).out === 'web-a', 20_000, 'web-a answering after adoption');
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_CLUSTER}=${clusterId}`] } });
    expect(list.map((c) => c.Id)).toEqual([before]);
  }, 60_000);

  it('a LoadBalancer Service is published on 127.0.0.1 at its port and reports ingress 127.0.0.1', async () => {
    const net = (await proxy!.ready).network;
    client.seed(GVR.services, {
      metadata: { name: 'lb', namespace: ns },
      spec: { type: 'LoadBalancer', clusterIP: addressIn(net.serviceRange, 11), selector: { app: 'web' }, ports: [{ name: 'http', port: lbPort, targetPort: 8080, protocol: 'TCP', nodePort: lbNodePort }] },
    } as Service);
    client.seed(GVR.endpoints, { metadata: { name: 'lb', namespace: ns }, subsets: endpointsFor(['web-a']) } as Endpoints);
    const svc = await waitFor(() => {
      const s = client.peek<Service>(GVR.services, ns, 'lb');
      return s?.status?.loadBalancer?.ingress?.length ? s : undefined;
    }, 30_000, 'LoadBalancer ingress');
    expect(svc.status!.loadBalancer!.ingress).toEqual([{ ip: '127.0.0.1' }]);
    expect(await waitFor(() => hostGet(lbPort).catch(() => undefined), 20_000, `127.0.0.1:${lbPort}`)).toBe('web-a');
    expect(await waitFor(() => hostGet(lbNodePort).catch(() => undefined), 20_000, `127.0.0.1:${lbNodePort}`)).toBe('web-a');
    await client.delete(GVR.services, ns, 'lb');
  }, 60_000);

  it('deleting the Service removes its proxy container', async () => {
    await client.delete(GVR.services, ns, 'web');
    await waitFor(async () => !(await proxyContainer()), 20_000, 'proxy container removed');
    expect(await proxyContainer()).toBeUndefined();
  }, 30_000);
});
