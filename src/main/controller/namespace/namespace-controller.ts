/**
 * The namespace controller: a namespace with a deletionTimestamp (phase
 * Terminating) has every namespaced object in it deleted; once nothing is
 * left, its `kubernetes` spec finalizer is removed through the `finalize`
 * subresource, which lets the API server complete the deletion.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { Namespace } from '../../../shared/api/core';
import { RESOURCES, type ResourceInfo } from '../../../shared/api/resources';
import { isNotFound } from '../../../shared/errors';
import type { Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { EventRecorder } from '../../client/event-recorder';
import { runWorkers } from '../../client/worker';

export const NAMESPACE_FINALIZER = 'kubernetes';

export interface NamespaceControllerDeps {
  client: ApiClient;
  namespaceInformer: Informer<Namespace>;
  recorder?: EventRecorder;
  clock?: Clock;
  resources?: readonly ResourceInfo[];
  /** How soon to look again while objects are still going away (ms). */
  recheckMs?: number;
  onError?: (key: string, err: unknown) => void;
}

/** NamespaceController empties and finalizes terminating namespaces. */
export class NamespaceController {
  readonly queue: WorkQueue<string>;

  constructor(private readonly deps: NamespaceControllerDeps) {
    this.queue = new WorkQueue<string>({ name: 'namespace', clock: deps.clock });
    deps.namespaceInformer.addEventHandler({
      onAdd: (ns) => ns.metadata.deletionTimestamp && this.queue.add(ns.metadata.name!),
      onUpdate: (_o, ns) => ns.metadata.deletionTimestamp && this.queue.add(ns.metadata.name!),
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

  /** sync deletes the contents of a terminating namespace and, once it is empty, finalizes it. */
  async sync(name: string): Promise<void> {
    const ns = this.deps.namespaceInformer.lister.get(undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes(NAMESPACE_FINALIZER)) return;
    const kinds = (this.deps.resources ?? RESOURCES).filter((r) => r.namespaced && r.verbs.includes('list') && r.verbs.includes('delete'));
    let found = 0;
    for (const res of kinds) {
      // A live list, not a cache: what matters is what the API still holds.
      const list = await this.deps.client.list(res, name);
      for (const item of list.items) {
        found++;
        if (item.metadata.deletionTimestamp) continue;
        try {
          await this.deps.client.delete(res, name, item.metadata.name!, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    // Most deletions finish at once; count what is still there (graceful pods, finalizers).
    let remaining = 0;
    if (found > 0) for (const res of kinds) remaining += (await this.deps.client.list(res, name)).items.length;
    if (remaining > 0) {
      // Pods shut down gracefully and finalizers take their time: look again soon.
      this.queue.addAfter(name, this.deps.recheckMs ?? 1000);
      return;
    }
    const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    try {
      await this.deps.client.patch<Namespace>({ group: '', version: 'v1', resource: 'namespaces' }, undefined, name, 'application/merge-patch+json', { spec: { finalizers } }, { subresource: 'finalize' });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}
