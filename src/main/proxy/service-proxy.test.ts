import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from '../../shared/api/core';
import { PUBLISHED_PORTS_ANNOTATION } from '../../shared/api/published-ports';
import { GVR } from '../../shared/api/resources';
import { SharedInformerFactory } from '../client/informer';
import { drainQueue } from '../client/worker';
import { newHarness, type Harness } from '../controller/testing/harness';
import type { ProxyContainerSpec } from './haproxy-config';
import type { ProxyBackend, ProxyContainer } from './proxy-docker';
import { ServiceProxy } from './service-proxy';

/** FakeBackend records what the proxy asks Docker to do. */
class FakeBackend implements ProxyBackend {
  next = 1;
  containers = new Map<string, ProxyContainer & { spec: ProxyContainerSpec; config: string; reloads: number }>();
  log: string[] = [];
  /** Errors the next start() calls throw, in order. */
  startErrors: Error[] = [];
  async list() {
    return [...this.containers.values()].map((c) => ({ ...c }));
  }
  async inspect(id: string) {
    const c = this.containers.get(id);
    return c ? { ...c } : undefined;
  }
  async create(spec: ProxyContainerSpec, config: string) {
    const id = `c${this.next++}`;
    this.containers.set(id, {
      id,
      name: spec.name,
      namespace: spec.labels['kubedeck.service.namespace']!,
      serviceName: spec.labels['kubedeck.service.name']!,
      uid: spec.labels['kubedeck.service.uid']!,
      specHash: spec.labels['kubedeck.proxy.spec-hash']!,
      running: false,
      spec,
      config,
      reloads: 0,
    });
    this.log.push(`create ${spec.name} ${id}`);
    return id;
  }
  async start(id: string) {
    const err = this.startErrors.shift();
    if (err) throw err;
    this.containers.get(id)!.running = true;
    this.log.push(`start ${id}`);
  }
  async writeConfig(id: string, config: string, reload: boolean) {
    const c = this.containers.get(id)!;
    c.config = config;
    if (reload) c.reloads++;
    this.log.push(`config ${id}${reload ? ' reload' : ''}`);
  }
  async remove(id: string) {
    this.containers.delete(id);
    this.log.push(`remove ${id}`);
  }
  byName(name: string) {
    return [...this.containers.values()].find((c) => c.name === name);
  }
}

let h: Harness;
afterEach(() => h?.stop());

const svc = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'default' }, spec });
const eps = (name: string, ips: string[]): Endpoints => ({
  metadata: { name, namespace: 'default' },
  subsets: ips.length ? [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 8080, protocol: 'TCP' }] }] : [],
});

async function setup(backend: FakeBackend, objs: { services?: Service[]; endpoints?: Endpoints[]; pods?: Pod[] }) {
  h = newHarness();
  for (const s of objs.services ?? []) h.client.seed(GVR.services, s);
  for (const e of objs.endpoints ?? []) h.client.seed(GVR.endpoints, e);
  for (const p of objs.pods ?? []) h.client.seed(GVR.pods, p);
  const proxy = new ServiceProxy({
    client: h.client,
    serviceInformer: h.informer<Service>(GVR.services),
    endpointsInformer: h.informer<Endpoints>(GVR.endpoints),
    ...(objs.pods ? { podInformer: h.informer<Pod>(GVR.pods) } : {}),
    backend,
    subnet: '10.244.0.0/16',
    recorder: h.recorder,
    clock: h.clock,
  });
  return proxy;
}

async function converge(p: ServiceProxy) {
  for (let i = 0; i < 10; i++) {
    await h.settle();
    if (p.queue.len() === 0) return;
    await drainQueue(p.queue, (k) => p.sync(k));
  }
}

describe('ServiceProxy', () => {
  it('forwards to the published address of a pod on another engine, and reloads when it changes', async () => {
    const b = new FakeBackend();
    const pod = (name: string, published?: string): Pod => ({
      metadata: { name, namespace: 'default', ...(published ? { annotations: { [PUBLISHED_PORTS_ANNOTATION]: published } } : {}) },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const e: Endpoints = {
      metadata: { name: 'web', namespace: 'default' },
      subsets: [
        {
          addresses: [
            { ip: '10.244.0.5', targetRef: { kind: 'Pod', namespace: 'default', name: 'near' } },
            { ip: '10.88.0.7', targetRef: { kind: 'Pod', namespace: 'default', name: 'far' } },
          ],
          ports: [{ port: 8080, protocol: 'TCP' }],
        },
      ],
    };
    const p = await setup(b, {
      services: [svc('web', { clusterIP: '10.244.128.9', ports: [{ port: 80, targetPort: 8080 }] })],
      endpoints: [e],
      pods: [pod('near'), pod('far', '{"8080/TCP":"10.254.1.2:32771"}')],
    });
    await h.start();
    await converge(p);
    const c = b.byName('kubedeck-svc-default-default-web')!;
    expect(c.config).toContain('server near 10.244.0.5:8080');
    expect(c.config).toContain('server far 10.254.1.2:32771');
    expect(c.config).not.toContain('10.88.0.7');

    // A new sandbox on the remote engine publishes on another port: the Service follows.
    const far = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'far')!);
    far.metadata.annotations = { [PUBLISHED_PORTS_ANNOTATION]: '{"8080/TCP":"10.254.1.2:32800"}' };
    await h.client.update(GVR.pods, 'default', far);
    await converge(p);
    expect(b.containers.get(c.id)!.config).toContain('server far 10.254.1.2:32800');
    expect(b.containers.get(c.id)!.reloads).toBe(1);
  });

  it('creates one started container per Service at its ClusterIP, reloads on endpoint changes, removes it with the Service', async () => {
    const b = new FakeBackend();
    const p = await setup(b, { services: [svc('web', { clusterIP: '10.244.128.9', ports: [{ port: 80, targetPort: 8080 }] })], endpoints: [eps('web', ['10.244.0.5'])] });
    await h.start();
    await converge(p);
    const c = b.byName('kubedeck-svc-default-default-web')!;
    expect(c.running).toBe(true);
    expect(c.spec.ip).toBe('10.244.128.9');
    expect(c.config).toContain('server 10.244.0.5 10.244.0.5:8080');
    expect(b.log).toEqual([`create kubedeck-svc-default-default-web ${c.id}`, `start ${c.id}`]);

    const e = structuredClone(h.client.peek<Endpoints>(GVR.endpoints, 'default', 'web')!);
    e.subsets = eps('web', ['10.244.0.5', '10.244.0.6']).subsets;
    await h.client.update(GVR.endpoints, 'default', e);
    await converge(p);
    expect(b.containers.get(c.id)!.reloads).toBe(1);
    expect(b.containers.get(c.id)!.config).toContain('10.244.0.6:8080');

    // Nothing changed: no reload.
    await p.sync('default/web');
    expect(b.containers.get(c.id)!.reloads).toBe(1);

    await h.client.delete(GVR.services, 'default', 'web');
    await converge(p);
    expect(b.containers.size).toBe(0);
  });

  it('waits for a ClusterIP, recreates the container when the published ports change, sets a LoadBalancer ingress', async () => {
    const b = new FakeBackend();
    const p = await setup(b, { services: [svc('lb', { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }] })] });
    await h.start();
    await converge(p);
    expect(b.containers.size).toBe(0);

    const s = structuredClone(h.client.peek<Service>(GVR.services, 'default', 'lb')!);
    s.spec!.clusterIP = '10.244.128.20';
    await h.client.update(GVR.services, 'default', s);
    await converge(p);
    const first = b.byName('kubedeck-svc-default-default-lb')!;
    expect(first.spec.publishes).toEqual([
      { containerPort: 80, hostPort: 30080 },
      { containerPort: 80, hostPort: 80 },
    ]);
    expect(h.client.peek<Service>(GVR.services, 'default', 'lb')!.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1' }]);

    const s2 = structuredClone(h.client.peek<Service>(GVR.services, 'default', 'lb')!);
    s2.spec!.type = 'NodePort';
    await h.client.update(GVR.services, 'default', s2);
    await converge(p);
    const second = b.byName('kubedeck-svc-default-default-lb')!;
    expect(second.id).not.toBe(first.id);
    expect(b.containers.has(first.id)).toBe(false);
    expect(second.spec.publishes).toEqual([{ containerPort: 80, hostPort: 30080 }]);
    expect(h.client.peek<Service>(GVR.services, 'default', 'lb')!.status?.loadBalancer?.ingress).toBeUndefined();
  });

  it('adopts running containers after a restart without recreating them; removes those whose Service is gone; restarts a stopped one', async () => {
    const b = new FakeBackend();
    const first = await setup(b, {
      services: [svc('web', { clusterIP: '10.244.128.9', ports: [{ port: 80 }] }), svc('old', { clusterIP: '10.244.128.10', ports: [{ port: 80 }] })],
    });
    await h.start();
    await converge(first);
    expect(b.containers.size).toBe(2);
    const webId = b.byName('kubedeck-svc-default-default-web')!.id;
    first.stop();
    // While "down": a Service is deleted, and a container stops.
    await h.client.delete(GVR.services, 'default', 'old');
    b.containers.get(webId)!.running = false;

    // The restarted app: fresh informers and a fresh proxy on the same cluster state.
    const factory = new SharedInformerFactory(h.client, { clock: h.clock });
    const second = new ServiceProxy({
      client: h.client,
      serviceInformer: factory.informerFor<Service>(GVR.services),
      endpointsInformer: factory.informerFor<Endpoints>(GVR.endpoints),
      backend: b,
      subnet: '10.244.0.0/16',
      clock: h.clock,
    });
    b.log.length = 0;
    expect(await second.adopt()).toBe(2);
    factory.start();
    await factory.waitForCacheSync();
    await converge(second);
    factory.stop();
    expect([...b.containers.keys()]).toEqual([webId]);
    expect(b.containers.get(webId)!.running).toBe(true);
    expect(b.log.filter((l) => l.startsWith('create'))).toEqual([]);
  });

  it('runs without host ports when they are taken, and without the static IP when it is taken, with Warning events', async () => {
    const b = new FakeBackend();
    b.startErrors.push(
      new Error('driver failed programming external connectivity on endpoint x: Bind for 127.0.0.1:30080 failed: port is already allocated'),
      new Error('Address already in use'),
    );
    const p = await setup(b, { services: [svc('lb', { type: 'LoadBalancer', clusterIP: '10.244.128.20', ports: [{ port: 80, nodePort: 30080 }] })] });
    await h.start();
    for (let i = 0; i < 3; i++) await p.sync('default/lb').catch(() => undefined);
    const c = b.byName('kubedeck-svc-default-default-lb')!;
    expect(c.running).toBe(true);
    expect(c.spec.publishes).toEqual([]);
    expect(c.spec.ip).toBeUndefined();
    expect(b.containers.size).toBe(1);
    expect(p.degradation('default/lb')).toEqual({ noHostPorts: true, noStaticIP: true });
    expect(h.recorder.events.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual(['Warning PortUnavailable', 'Warning ClusterIPUnavailable']);
    // Not published on the host: no ingress to report.
    expect(h.client.peek<Service>(GVR.services, 'default', 'lb')!.status?.loadBalancer?.ingress).toBeUndefined();

    // A changed Service tries the full shape again.
    const s = structuredClone(h.client.peek<Service>(GVR.services, 'default', 'lb')!);
    s.spec!.ports![0]!.nodePort = 30081;
    await h.client.update(GVR.services, 'default', s);
    await converge(p);
    expect(b.byName('kubedeck-svc-default-default-lb')!.spec.ip).toBe('10.244.128.20');
    expect(p.degradation('default/lb')).toBeUndefined();
  });

  it('headless and ExternalName Services get no container', async () => {
    const b = new FakeBackend();
    const p = await setup(b, { services: [svc('h', { clusterIP: 'None' }), svc('x', { type: 'ExternalName', externalName: 'example.com' })] });
    await h.start();
    await converge(p);
    expect(b.containers.size).toBe(0);
  });
});
