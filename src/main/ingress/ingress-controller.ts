/**
 * The ingress controller: one HAProxy container per cluster serving every
 * Ingress of class `kubedeck` on 127.0.0.1 (HTTP and HTTPS). It reaches
 * state only through the API client's informers. Every change that can
 * alter the configuration (Ingresses, IngressClasses, Services, Endpoints,
 * TLS Secrets) enqueues the one key; sync converges: the kubedeck
 * IngressClass exists (the default class, its host ports in annotations),
 * the container runs (adopted across restarts, recreated when config.yaml
 * asks for other ports), its configuration is current (a reload counts
 * once HAProxy runs a new worker: proxy-docker.ts), and each served
 * Ingress reports 127.0.0.1 as its address.
 */
import type { Endpoints, Secret, Service } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import {
  DEFAULT_CLASS_ANNOTATION,
  HTTP_PORT_ANNOTATION,
  HTTPS_PORT_ANNOTATION,
  isDefaultClass,
  KUBEDECK_INGRESS_CLASS,
  KUBEDECK_INGRESS_CONTROLLER,
  LEGACY_CLASS_ANNOTATION,
  type Ingress,
  type IngressClass,
} from '../../shared/api/networking';
import { isAlreadyExists, isConflict, isNotFound } from '../../shared/errors';
import { realClock, type Clock } from '../client/clock';
import type { Informer } from '../client/informer';
import type { ApiClient } from '../client/types';
import { WorkQueue } from '../client/workqueue';
import { runWorkers } from '../client/worker';
import type { EventRecorder } from '../client/event-recorder';
import { LABEL_SPEC_HASH } from '../proxy/haproxy-config';
import { startConflict, type ProxyBackend } from '../proxy/proxy-docker';
import { freePort, ingressContainerSpec, portFree, portsFromLabels, type IngressPorts } from './ingress-container';
import { renderIngressConfig } from './ingress-haproxy-config';

/** The controller has one thing to converge; every event enqueues this key. */
const KEY = 'ingress';

export interface IngressControllerDeps {
  client: ApiClient;
  ingressInformer: Informer<Ingress>;
  classInformer: Informer<IngressClass>;
  serviceInformer: Informer<Service>;
  endpointsInformer: Informer<Endpoints>;
  secretInformer: Informer<Secret>;
  backend: ProxyBackend;
  /** The host ports asked for (config.yaml `ingress:`, default 80/443). */
  ports: IngressPorts;
  clusterId?: string;
  image?: string;
  recorder?: EventRecorder;
  clock?: Clock;
  log?: (msg: string) => void;
  onError?: (key: string, err: unknown) => void;
  /** Seams for tests: is a host port free, and a free one. */
  portFree?: (port: number) => Promise<boolean>;
  freePort?: () => Promise<number>;
}

interface Running {
  id: string;
  specHash: string;
  ports: IngressPorts;
  /** What was last written (config and files); undefined after adoption, so it is written once. */
  written?: string;
}

/** IngressController reconciles the ingress container with the cluster's Ingresses. */
export class IngressController {
  readonly queue: WorkQueue<string>;
  private running: Running | undefined;
  /** Warnings already reported, per Ingress, so a resync does not repeat the Event. */
  private readonly warned = new Map<string, string>();
  /** Ingresses whose address this controller set (`namespace/name`): one that moves to another class has it cleared. */
  private readonly addressed = new Set<string>();

  constructor(private readonly deps: IngressControllerDeps) {
    this.queue = new WorkQueue<string>({ name: 'ingress', clock: deps.clock ?? realClock });
    const all = () => this.queue.add(KEY);
    for (const inf of [deps.ingressInformer, deps.classInformer, deps.serviceInformer, deps.endpointsInformer] as Informer[]) {
      inf.addEventHandler({ onAdd: all, onUpdate: all, onDelete: all });
    }
    // Only TLS Secrets can change the configuration.
    const tls = (s: Readonly<Secret>) => {
      if (s.type === 'kubernetes.io/tls') all();
    };
    deps.secretInformer.addEventHandler({ onAdd: tls, onUpdate: (_o, s) => tls(s), onDelete: tls });
  }

  /** ports are the host ports the container publishes (undefined until it runs). */
  ports(): IngressPorts | undefined {
    return this.running?.ports;
  }

  /** adopt takes over the container a previous run left (one per cluster; extra ones are removed). */
  async adopt(): Promise<void> {
    for (const c of await this.deps.backend.list()) {
      const ports = portsFromLabels(c.labels);
      if (this.running || !ports) await this.deps.backend.remove(c.id);
      else this.running = { id: c.id, specHash: c.specHash, ports };
    }
    this.queue.add(KEY);
  }

  /** run processes the queue until stop. */
  run(): Promise<void> {
    return runWorkers(this.queue, 1, () => this.sync(), { onError: this.deps.onError });
  }

  /** stop shuts the queue down; the container keeps serving (adopted at the next start). */
  stop(): void {
    this.queue.shutDown();
  }

  /** serves reports whether an Ingress is this controller's: class kubedeck by name or legacy annotation, or no class while kubedeck is the default. */
  serves(ing: Readonly<Ingress>): boolean {
    const name = ing.spec?.ingressClassName;
    if (name) return name === KUBEDECK_INGRESS_CLASS;
    const legacy = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
    if (legacy) return legacy === KUBEDECK_INGRESS_CLASS;
    const cls = this.deps.classInformer.lister.get(undefined, KUBEDECK_INGRESS_CLASS);
    return !!cls && isDefaultClass(cls);
  }

  /** sync converges everything (the one key). */
  async sync(): Promise<void> {
    const ingresses = this.deps.ingressInformer.lister.list().filter((i) => this.serves(i) && !i.metadata.deletionTimestamp);
    const rendered = renderIngressConfig({
      ingresses,
      service: (ns, n) => this.deps.serviceInformer.lister.get(ns, n),
      endpoints: (ns, n) => this.deps.endpointsInformer.lister.get(ns, n),
      secret: (ns, n) => this.deps.secretInformer.lister.get(ns, n),
    });
    const written = JSON.stringify([rendered.config, rendered.files]);
    const running = await this.ensureContainer(rendered.config, rendered.files, written);
    if (running.written !== written) {
      await this.deps.backend.writeConfig(running.id, rendered.config, true, rendered.files);
      running.written = written;
    }
    await this.ensureClass(running.ports);
    for (const ing of ingresses) await this.syncStatus(ing, [{ ip: '127.0.0.1' }]);
    const served = new Set(ingresses.map((i) => `${i.metadata.namespace}/${i.metadata.name}`));
    for (const key of [...this.addressed].filter((k) => !served.has(k))) {
      const gone = this.deps.ingressInformer.lister.getByKey(key);
      if (gone && !gone.metadata.deletionTimestamp) await this.syncStatus(gone, []);
      this.addressed.delete(key);
    }
    this.report(ingresses, rendered.warnings);
  }

  /** ensureContainer returns the running container, creating or replacing it as needed. */
  private async ensureContainer(config: string, files: Record<string, string>, written: string): Promise<Running> {
    const want = ingressContainerSpec(this.deps.ports, this.deps.ports, this.deps.clusterId, this.deps.image).labels[LABEL_SPEC_HASH]!;
    let cur = this.running;
    if (cur && cur.specHash !== want) {
      // config.yaml asks for other ports (or another image): Docker cannot change publications in place.
      await this.deps.backend.remove(cur.id);
      cur = this.running = undefined;
    }
    if (cur) {
      const info = await this.deps.backend.inspect(cur.id);
      if (!info) cur = this.running = undefined;
      else if (!info.running) {
        await this.deps.backend.writeConfig(cur.id, config, false, files);
        cur.written = written;
        try {
          await this.deps.backend.start(cur.id);
        } catch (err) {
          // Its ports went to someone else while it was stopped: a new container on free ones.
          if (startConflict(err) !== 'port') throw err;
          await this.deps.backend.remove(cur.id);
          cur = this.running = undefined;
        }
      }
    }
    if (cur) return cur;
    const ports = await this.choosePorts();
    try {
      return await this.createAndStart(ports, config, files, written);
    } catch (err) {
      if (startConflict(err) !== 'port') throw err;
      // Taken behind the probe's back (Docker without its userland proxy binds nothing a probe sees): free ports, both.
      const fallback = { http: await this.freePort(), https: await this.freePort() };
      this.deps.log?.(`ingress: 127.0.0.1:${ports.http}/${ports.https} refused by Docker (${err instanceof Error ? err.message : String(err)}); using ${fallback.http}/${fallback.https}`);
      return this.createAndStart(fallback, config, files, written);
    }
  }

  private async createAndStart(ports: IngressPorts, config: string, files: Record<string, string>, written: string): Promise<Running> {
    const spec = ingressContainerSpec(this.deps.ports, ports, this.deps.clusterId, this.deps.image);
    const id = await this.deps.backend.create(spec, config, files);
    try {
      await this.deps.backend.start(id);
    } catch (err) {
      await this.deps.backend.remove(id);
      throw err;
    }
    this.running = { id, specHash: spec.labels[LABEL_SPEC_HASH]!, ports, written };
    this.deps.log?.(`ingress: serving Ingresses on http://127.0.0.1:${ports.http} and https://127.0.0.1:${ports.https} (*.localhost names reach it with no DNS set-up)`);
    return this.running;
  }

  private freePort(): Promise<number> {
    return (this.deps.freePort ?? freePort)();
  }

  /** choosePorts keeps each port asked for when free and otherwise picks a free one, saying so. */
  private async choosePorts(): Promise<IngressPorts> {
    const isFree = this.deps.portFree ?? portFree;
    const out = { ...this.deps.ports };
    for (const k of ['http', 'https'] as const) {
      if (await isFree(out[k])) continue;
      const p = await this.freePort();
      this.deps.log?.(`ingress: ${k.toUpperCase()} port 127.0.0.1:${out[k]} is taken; using ${p}`);
      out[k] = p;
    }
    return out;
  }

  /**
   * ensureClass keeps the kubedeck IngressClass: created as the default class
   * when missing (a class someone marked non-default stays so), with the host
   * ports in annotations so kubectl users, tests and the app can find them.
   */
  private async ensureClass(ports: IngressPorts): Promise<void> {
    const cur = this.deps.classInformer.lister.get(undefined, KUBEDECK_INGRESS_CLASS);
    const annotations = { [HTTP_PORT_ANNOTATION]: String(ports.http), [HTTPS_PORT_ANNOTATION]: String(ports.https) };
    try {
      if (!cur) {
        await this.deps.client.create<IngressClass>(GVR.ingressclasses, undefined, {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IngressClass',
          metadata: { name: KUBEDECK_INGRESS_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true', ...annotations } },
          spec: { controller: KUBEDECK_INGRESS_CONTROLLER },
        });
        return;
      }
      const have = cur.metadata.annotations ?? {};
      if (Object.entries(annotations).every(([k, v]) => have[k] === v)) return;
      const next = structuredClone(cur) as IngressClass;
      next.metadata.annotations = { ...have, ...annotations };
      await this.deps.client.update(GVR.ingressclasses, undefined, next);
    } catch (err) {
      // A stale cache: the informer's event brings the key back.
      if (!isAlreadyExists(err) && !isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  /**
   * syncStatus sets an Ingress's address: 127.0.0.1 for a served one
   * (published on the host's loopback, as k3s' servicelb reports), none for
   * one this controller no longer serves.
   */
  private async syncStatus(ing: Readonly<Ingress>, want: { ip: string }[]): Promise<void> {
    const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
    if (want.length) this.addressed.add(key);
    if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(want)) return;
    const next = structuredClone(ing) as Ingress;
    next.status = { ...(next.status ?? {}), loadBalancer: want.length ? { ingress: want } : {} };
    try {
      await this.deps.client.updateStatus(GVR.ingresses, ing.metadata.namespace, next);
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** report turns new configuration warnings into Warning Events on their Ingress (once per distinct text). */
  private report(ingresses: readonly Readonly<Ingress>[], warnings: Map<string, string[]>): void {
    for (const ing of ingresses) {
      const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
      const text = (warnings.get(key) ?? []).join('; ');
      if (text === (this.warned.get(key) ?? '')) continue;
      this.warned.set(key, text);
      if (text) this.deps.recorder?.event(ing, 'Warning', 'IngressConfiguration', text);
    }
  }
}
