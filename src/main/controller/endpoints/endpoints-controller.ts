/**
 * The Endpoints controller: for every Service with a selector, an Endpoints
 * object of the same name listing the IPs of the pods it selects (ready ones
 * in `addresses`, the rest in `notReadyAddresses`) with the ports resolved
 * from each service port's targetPort. Terminating and finished pods are left
 * out; the Endpoints go when the Service goes. Services without a selector are
 * left alone (their Endpoints are the user's). Handlers only enqueue service
 * keys; syncService converges one of them.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { Endpoints, EndpointAddress, EndpointPort, Pod, Service, ServicePort } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { isAlreadyExists, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import { objectKey, splitKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { isPodReady } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import { enqueueServicesOfPods, selectorMatches } from './service-pods';

type Subset = NonNullable<Endpoints['subsets']>[number];

export interface EndpointsControllerDeps {
  client: ApiClient;
  serviceInformer: Informer<Service>;
  podInformer: Informer<Pod>;
  endpointsInformer: Informer<Endpoints>;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}


/**
 * shouldPodBeInEndpoints mirrors Kubernetes' rule: a pod with an IP that is
 * not terminating and will not run again (finished under a restartPolicy that
 * does not restart it) is an endpoint candidate.
 */
export function shouldPodBeInEndpoints(pod: Readonly<Pod>): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.metadata.deletionTimestamp) return false;
  const phase = pod.status.phase;
  const restart = pod.spec.restartPolicy ?? 'Always';
  if (restart === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (restart === 'OnFailure') return phase !== 'Succeeded';
  return phase !== 'Failed' && phase !== 'Succeeded';
}

/** resolveTargetPort finds the container port a service port points at in pod, or undefined when a named port is missing. */
export function resolveTargetPort(sp: Readonly<ServicePort>, pod: Readonly<Pod>): number | undefined {
  const tp = sp.targetPort;
  if (tp === undefined || tp === '' || tp === 0) return sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  const proto = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === tp && (cp.protocol ?? 'TCP') === proto) return cp.containerPort;
  }
  return undefined;
}

function podAddress(pod: Readonly<Pod>, svc: Readonly<Service>): EndpointAddress {
  const a: EndpointAddress = {
    ip: pod.status!.podIP!,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec.nodeName) a.nodeName = pod.spec.nodeName;
  // Kubernetes sets hostname only when the pod asked for it under this service's subdomain.
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) a.hostname = pod.spec.hostname;
  return a;
}

/**
 * computeSubsets builds the Endpoints subsets for svc from pods, packed as
 * Kubernetes' RepackSubsets does: addresses sharing the same resolved port
 * set form one subset; addresses and subsets are sorted so that equal inputs
 * give equal output (no spurious writes).
 */
export function computeSubsets(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): Subset[] {
  const publishNotReady = (svc.spec as { publishNotReadyAddresses?: boolean } | undefined)?.publishNotReadyAddresses === true;
  const svcPorts = svc.spec?.ports ?? [];
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svcPorts) {
      const port = resolveTargetPort(sp, pod);
      // A pod lacking the named port is simply not an endpoint for that port.
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      ports.push(ep);
    }
    if (svcPorts.length > 0 && ports.length === 0) continue;
    ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const gk = JSON.stringify(ports);
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { ports, ready: [], notReady: [] }));
    (publishNotReady || isPodReady(pod) ? g.ready : g.notReady).push(podAddress(pod, svc));
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip, 'en', { numeric: true }) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  const out: Subset[] = [];
  for (const [, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const s: Subset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIp);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) s.ports = g.ports;
    out.push(s);
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** EndpointsController keeps one Endpoints object per selector Service. */
export class EndpointsController {
  readonly queue: WorkQueue<string>;

  constructor(private readonly deps: EndpointsControllerDeps) {
    this.queue = new WorkQueue<string>({ name: 'endpoints', clock: deps.clock ?? realClock });
    deps.serviceInformer.addEventHandler({
      onAdd: (s) => this.queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.queue.add(objectKey(s)),
      onDelete: (s) => this.queue.add(objectKey(s)),
    });
    enqueueServicesOfPods(deps.serviceInformer, deps.podInformer, (key) => this.queue.add(key));
    // Someone deleting or editing our Endpoints: converge them back.
    deps.endpointsInformer.addEventHandler({
      onUpdate: (_o, e) => this.enqueueIfService(e),
      onDelete: (e) => this.enqueueIfService(e),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 2, gate?: PauseGate): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueueIfService(e: Readonly<Endpoints>): void {
    if (this.deps.serviceInformer.lister.getByKey(objectKey(e))) this.queue.add(objectKey(e));
  }

  /** sync converges the Endpoints of one Service (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.deps.serviceInformer.lister.getByKey(key);
    if (!svc) {
      try {
        await this.deps.client.delete(GVR.endpoints, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    const selector = svc.spec?.selector;
    // No selector: the user manages these Endpoints by hand.
    if (!selector || Object.keys(selector).length === 0) return;
    const pods = this.deps.podInformer.lister.list(namespace, (p) => selectorMatches(selector, p.metadata.labels));
    const subsets = computeSubsets(svc, pods);
    const labels = { ...(svc.metadata.labels ?? {}) };
    const current = this.deps.endpointsInformer.lister.getByKey(key);
    if (current && sameJson(current.subsets ?? [], subsets) && sameJson(current.metadata.labels ?? {}, labels)) return;
    if (!current) {
      const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets };
      try {
        await this.deps.client.create(GVR.endpoints, namespace, ep);
      } catch (err) {
        // The cache was late; the watch will bring the existing object and a retry updates it.
        if (isAlreadyExists(err)) throw new Error(`endpoints ${key} exist but are not cached yet`);
        throw err;
      }
      return;
    }
    const next: Endpoints = structuredClone(current) as Endpoints;
    next.metadata.labels = labels;
    next.subsets = subsets;
    await this.deps.client.update(GVR.endpoints, namespace, next);
  }
}

export interface StartEndpointsControllerOptions {
  client: ApiClient;
  /** The shared informer factory (services, pods and endpoints informers come from it). */
  factory: SharedInformerFactory;
  workers?: number;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
  /** Holds the workers while the controller manager is paused. */
  gate?: PauseGate;
}

/**
 * startEndpointsController builds the controller on the factory's informers,
 * starts them, and runs the workers once the caches have synced. stop()
 * shuts the queue (the factory's informers belong to the caller).
 */
export function startEndpointsController(opts: StartEndpointsControllerOptions): { controller: EndpointsController; stop(): void; done: Promise<void> } {
  const controller = new EndpointsController({
    client: opts.client,
    serviceInformer: opts.factory.informerFor<Service>(GVR.services),
    podInformer: opts.factory.informerFor<Pod>(GVR.pods),
    endpointsInformer: opts.factory.informerFor<Endpoints>(GVR.endpoints),
    clock: opts.clock,
    onError: opts.onError,
  });
  opts.factory.start();
  const done = opts.factory.waitForCacheSync().then((ok) => (ok ? controller.run(opts.workers ?? 2, opts.gate) : undefined));
  return { controller, stop: () => controller.stop(), done };
}
