/**
 * The EndpointSlice controller (Kubernetes' pkg/controller/endpointslice):
 * for every Service with a selector, discovery.k8s.io/v1 EndpointSlices
 * named `<service>-<suffix>`, labelled kubernetes.io/service-name and
 * endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io,
 * controlled by the Service (ownerReference), listing its pods with their
 * conditions and the ports resolved as the Endpoints controller resolves
 * them (slices.ts plans the content). Slices without the managed-by label
 * are the user's and left alone; Services without a selector get none.
 * Handlers only enqueue service keys; sync converges one Service. Writes are
 * tracked (slice-tracker.ts) so a sync on a cache that lags them retries.
 */
import type { Pod, Service } from '../../../shared/api/core';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, MAX_ENDPOINTS_PER_SLICE, SERVICE_NAME_LABEL, type EndpointSlice } from '../../../shared/api/discovery';
import { GVR } from '../../../shared/api/resources';
import { isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey, splitKey } from '../../client/lister';
import type { PauseGate } from '../../client/pause-gate';
import type { ApiClient } from '../../client/types';
import { runWorkers } from '../../client/worker';
import { WorkQueue } from '../../client/workqueue';
import { enqueueServicesOfPods, selectorMatches } from '../endpoints/service-pods';
import { planSlices } from './slices';
import { SliceTracker } from './slice-tracker';

export interface EndpointSliceControllerDeps {
  client: ApiClient;
  serviceInformer: Informer<Service>;
  podInformer: Informer<Pod>;
  sliceInformer: Informer<EndpointSlice>;
  /** Endpoints per slice before a new slice is started (Kubernetes' --max-endpoints-per-slice, default 100). */
  maxEndpointsPerSlice?: number;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

/** isManaged reports a slice this controller keeps: managed-by it and naming a Service. */
export function isManaged(s: Readonly<EndpointSlice>): boolean {
  const l = s.metadata.labels ?? {};
  return l[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER && Boolean(l[SERVICE_NAME_LABEL]);
}

/** serviceKeyOf is the key of the Service a managed slice belongs to. */
function serviceKeyOf(s: Readonly<EndpointSlice>): string {
  return `${s.metadata.namespace}/${s.metadata.labels![SERVICE_NAME_LABEL]}`;
}

/** EndpointSliceController keeps the EndpointSlices of every selector Service. */
export class EndpointSliceController {
  readonly queue: WorkQueue<string>;
  private readonly tracker = new SliceTracker();
  private readonly max: number;

  constructor(private readonly deps: EndpointSliceControllerDeps) {
    this.max = deps.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
    this.queue = new WorkQueue<string>({ name: 'endpointslice', clock: deps.clock ?? realClock });
    deps.serviceInformer.addEventHandler({
      onAdd: (s) => this.queue.add(objectKey(s)),
      onUpdate: (_o, s) => this.queue.add(objectKey(s)),
      onDelete: (s) => this.queue.add(objectKey(s)),
    });
    enqueueServicesOfPods(deps.serviceInformer, deps.podInformer, (key) => this.queue.add(key));
    // Someone creating, editing or deleting a managed slice: converge its Service again.
    deps.sliceInformer.addEventHandler({
      onAdd: (s) => this.enqueueForSlice(s),
      onUpdate: (_o, s) => this.enqueueForSlice(s),
      onDelete: (s) => {
        if (!isManaged(s)) return;
        this.tracker.gone(serviceKeyOf(s), s);
        this.queue.add(serviceKeyOf(s));
      },
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

  private enqueueForSlice(s: Readonly<EndpointSlice>): void {
    if (isManaged(s)) this.queue.add(serviceKeyOf(s));
  }

  /** managedSlices are the cached slices of the Service key that this controller manages. */
  private managedSlices(key: string): Readonly<EndpointSlice>[] {
    const { namespace, name } = splitKey(key);
    return this.deps.sliceInformer.lister.list(namespace, (s) => isManaged(s) && s.metadata.labels![SERVICE_NAME_LABEL] === name);
  }

  /** sync converges the EndpointSlices of one Service (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const { namespace } = splitKey(key);
    const svc = this.deps.serviceInformer.lister.getByKey(key);
    const slices = this.managedSlices(key);
    if (!svc) {
      // The garbage collector would delete them too (they are owned); do not leave them until it runs.
      for (const s of slices) await this.remove(key, s);
      this.tracker.forget(key);
      return;
    }
    // No selector: the user's own slices (if any) are all the Service gets.
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0 || svc.metadata.deletionTimestamp) return;
    if (this.tracker.stale(key, slices)) throw new Error(`endpointslices of ${key}: the informer cache has not seen the last writes yet`);
    const pods = this.deps.podInformer.lister.list(namespace, (p) => selectorMatches(svc.spec!.selector, p.metadata.labels));
    const plan = planSlices(svc, pods, slices, this.max);
    // Creates and updates first, deletes last, so the Service never shows fewer endpoints than it has in between.
    for (const s of plan.create) this.tracker.wrote(key, await this.deps.client.create(GVR.endpointslices, namespace, s));
    for (const s of plan.update) this.tracker.wrote(key, await this.deps.client.update(GVR.endpointslices, namespace, s));
    for (const s of plan.delete) await this.remove(key, s);
  }

  private async remove(key: string, s: Readonly<EndpointSlice>): Promise<void> {
    try {
      await this.deps.client.delete(GVR.endpointslices, s.metadata.namespace, s.metadata.name!);
      this.tracker.deleted(key, s);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
