import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints, Secret, Service } from '../../shared/api/core';
import type { Ingress, IngressClass } from '../../shared/api/networking';
import { GVR } from '../../shared/api/resources';
import { drainQueue } from '../client/worker';
import { newHarness, type Harness } from '../controller/testing/harness';
import type { ProxyContainerSpec } from '../proxy/haproxy-config';
import type { ProxyBackend, ProxyContainer } from '../proxy/proxy-docker';
import { IngressController } from './ingress-controller';
import { CERT, KEY } from './testing/web-localhost-cert';

/** FakeBackend records what the controller asks Docker to do; ports in `taken` make start() fail as Docker does. */
class FakeBackend implements ProxyBackend {
  next = 1;
  containers = new Map<string, ProxyContainer & { spec: ProxyContainerSpec; config: string; files: Record<string, string>; reloads: number }>();
  log: string[] = [];
  taken = new Set<number>();
  async list() {
    return [...this.containers.values()].map((c) => ({ ...c }));
  }
  async inspect(id: string) {
    const c = this.containers.get(id);
    return c ? { ...c } : undefined;
  }
  async create(spec: ProxyContainerSpec, config: string, files: Record<string, string> = {}) {
    const id = `c${this.next++}`;
    this.containers.set(id, { id, name: spec.name, namespace: '', serviceName: '', uid: '', specHash: spec.labels['kubedeck.proxy.spec-hash']!, labels: spec.labels, running: false, spec, config, files, reloads: 0 });
    this.log.push(`create ${spec.publishes.map((p) => p.hostPort).join('/')}`);
    return id;
  }
  async start(id: string) {
    const c = this.containers.get(id)!;
    const busy = c.spec.publishes.find((p) => this.taken.has(p.hostPort));
    if (busy) throw new Error(`driver failed programming external connectivity: Bind for 127.0.0.1:${busy.hostPort} failed: port is already allocated`);
    c.running = true;
    this.log.push(`start ${id}`);
  }
  async writeConfig(id: string, config: string, reload: boolean, files: Record<string, string> = {}) {
    const c = this.containers.get(id)!;
    c.config = config;
    c.files = files;
    if (reload) c.reloads++;
    this.log.push(`config ${id}${reload ? ' reload' : ''}`);
  }
  async remove(id: string) {
    this.containers.delete(id);
    this.log.push(`remove ${id}`);
  }
  only() {
    expect(this.containers.size).toBe(1);
    return [...this.containers.values()][0]!;
  }
}

let h: Harness;
afterEach(() => h?.stop());

const ingress = (name: string, spec: Ingress['spec']): Ingress => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, spec });
const web = ingress('web', { ingressClassName: 'kubedeck', rules: [{ host: 'web.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] });

function setup(backend: FakeBackend, opts: { ingresses?: Ingress[]; busy?: number[]; ports?: { http: number; https: number } } = {}) {
  h = newHarness();
  for (const i of opts.ingresses ?? []) h.client.seed(GVR.ingresses, i);
  h.client.seed(GVR.services, { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } } as Service);
  const logs: string[] = [];
  let free = 40000;
  const c = new IngressController({
    client: h.client,
    ingressInformer: h.informer<Ingress>(GVR.ingresses),
    classInformer: h.informer<IngressClass>(GVR.ingressclasses),
    serviceInformer: h.informer<Service>(GVR.services),
    endpointsInformer: h.informer<Endpoints>(GVR.endpoints),
    secretInformer: h.informer<Secret>(GVR.secrets),
    backend,
    ports: opts.ports ?? { http: 80, https: 443 },
    clusterId: 'abc',
    recorder: h.recorder,
    clock: h.clock,
    log: (m) => logs.push(m),
    portFree: async (p) => !(opts.busy ?? []).includes(p),
    freePort: async () => free++,
  });
  return { c, logs };
}

async function converge(c: IngressController) {
  for (let i = 0; i < 10; i++) {
    await h.settle();
    if (c.queue.len() === 0) return;
    await drainQueue(c.queue, () => c.sync());
  }
}

describe('IngressController', () => {
  it('runs one container on the ports asked for, makes the default kubedeck class with them, reports 127.0.0.1, reloads on changes only', async () => {
    const b = new FakeBackend();
    const { c } = setup(b, { ingresses: [web] });
    await h.start();
    await c.adopt();
    await converge(c);
    const ct = b.only();
    expect(ct.name).toBe('kubedeck-ingress-abc');
    expect(ct.labels).toMatchObject({ 'kubedeck.proxy': 'ingress', 'kubedeck.cluster': 'abc' });
    expect(ct.spec.publishes).toEqual([
      { containerPort: 80, hostPort: 80 },
      { containerPort: 443, hostPort: 443 },
    ]);
    expect(ct.config).toContain('use_backend be_default_web_80 if { var(txn.host) -m str web.localhost }');
    const cls = h.client.peek<IngressClass>(GVR.ingressclasses, undefined, 'kubedeck')!;
    expect(cls.spec?.controller).toBe('kubedeck.io/ingress-haproxy');
    expect(cls.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true', 'ingress.kubedeck.io/http-port': '80', 'ingress.kubedeck.io/https-port': '443' });
    expect(h.client.peek<Ingress>(GVR.ingresses, 'default', 'web')!.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1' }]);
    expect(ct.reloads).toBe(0);

    // An Endpoints change reaches the config with a reload; a sync with nothing new writes nothing.
    await h.client.create(GVR.endpoints, 'default', { metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.1.0.7' }], ports: [{ port: 8080 }] }] } as Endpoints);
    await converge(c);
    expect(b.only().config).toContain('server 10.1.0.7 10.1.0.7:8080');
    expect(b.only().reloads).toBe(1);
    await c.sync();
    expect(b.only().reloads).toBe(1);

    // An Ingress of another class is not served.
    h.client.seed(GVR.ingresses, { ...ingress('other', { ingressClassName: 'nginx', defaultBackend: { service: { name: 'web', port: { number: 80 } } } }) });
    await c.sync();
    expect(b.only().config).toContain('default_backend be_default_404');

    // Moved to another class: no longer routed, its address cleared.
    const moved = structuredClone(h.client.peek<Ingress>(GVR.ingresses, 'default', 'web')!);
    moved.spec!.ingressClassName = 'nginx';
    await h.client.update(GVR.ingresses, 'default', moved);
    await converge(c);
    expect(b.only().config).not.toContain('web.localhost');
    expect(h.client.peek<Ingress>(GVR.ingresses, 'default', 'web')!.status?.loadBalancer).toEqual({});
  });

  it('says once, in a Warning Event on the Ingress, that its TLS Secret is missing; serves it over HTTPS once the Secret exists', async () => {
    const b = new FakeBackend();
    const tls = ingress('tls', { ingressClassName: 'kubedeck', tls: [{ hosts: ['web.localhost'], secretName: 'web-tls' }], rules: web.spec!.rules! });
    const { c } = setup(b, { ingresses: [tls] });
    await h.start();
    await c.adopt();
    await converge(c);
    await c.sync();
    expect(h.recorder.events).toEqual(['Warning IngressConfiguration TLS Secret default/web-tls not found']);
    expect(b.only().config).not.toContain('frontend https');
    await h.client.create(GVR.secrets, 'default', { metadata: { name: 'web-tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from(CERT).toString('base64'), 'tls.key': Buffer.from(KEY).toString('base64') } } as Secret);
    await converge(c);
    expect(b.only().config).toContain('frontend https');
    expect(b.only().files['certs.list']).toBe('/usr/local/etc/haproxy/cert-default_web-tls.pem web.localhost\n');
    expect(b.only().reloads).toBe(1);
  });

  it('takes a free port for one that is taken (probe or Docker refusal), logs it and records it on the class', async () => {
    const b = new FakeBackend();
    b.taken.add(8443);
    const { c, logs } = setup(b, { ingresses: [web], busy: [8080], ports: { http: 8080, https: 8443 } });
    await h.start();
    await c.adopt();
    await converge(c);
    // 8080 failed the probe (→ 40000); Docker then refused 8443: both replaced by free ones.
    expect(b.log).toEqual(['create 40000/8443', 'remove c1', 'create 40001/40002', 'start c2']);
    expect(c.ports()).toEqual({ http: 40001, https: 40002 });
    expect(logs.join('\n')).toMatch(/HTTP port 127\.0\.0\.1:8080 is taken; using 40000/);
    expect(logs.join('\n')).toMatch(/refused by Docker .*using 40001\/40002/);
    expect(h.client.peek<IngressClass>(GVR.ingressclasses, undefined, 'kubedeck')!.metadata.annotations?.['ingress.kubedeck.io/http-port']).toBe('40001');
  });

  it('adopts the container a previous run left (its ports from its labels), and recreates it when other ports are asked for', async () => {
    const b = new FakeBackend();
    b.taken.add(80);
    let { c } = setup(b, { ingresses: [web] });
    await h.start();
    await c.adopt();
    await converge(c);
    const first = b.only();
    expect(c.ports()).toEqual({ http: 40000, https: 40001 });
    c.stop();
    h.stop();

    b.log = [];
    ({ c } = setup(b, { ingresses: [web] }));
    await h.start();
    await c.adopt();
    await converge(c);
    expect(b.only().id).toBe(first.id);
    expect(c.ports()).toEqual({ http: 40000, https: 40001 });
    // Adopted: the configuration is written once (unknown after a restart), no container made.
    expect(b.log).toEqual([`config ${first.id} reload`]);
    c.stop();
    h.stop();

    b.log = [];
    ({ c } = setup(b, { ingresses: [web], ports: { http: 9080, https: 9443 } }));
    await h.start();
    await c.adopt();
    await converge(c);
    expect(b.log).toEqual([`remove ${first.id}`, 'create 9080/9443', 'start c3']);
  });
});
