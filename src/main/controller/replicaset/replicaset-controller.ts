/**
 * The ReplicaSet controller: keeps spec.replicas active pods matching the
 * selector, adopting orphans and releasing pods that stop matching, creating
 * in slow-start batches behind expectations, deleting in Kubernetes' ranking
 * order, and reporting status. Handlers only enqueue; syncReplicaSet converges.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { Pod } from '../../../shared/api/core';
import type { ReplicaSet, ReplicaSetStatus } from '../../../shared/api/apps';
import type { Condition, KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { EventRecorder } from '../../client/event-recorder';
import { isNamespaceTerminating } from '../../client/api-errors';
import { Expectations } from '../common/expectations';
import { selectorMatcher, type LabelMatcher } from '../common/label-selector';
import { controllerRef, resolveControllerRef, isPodActive, isPodAvailable, isPodReady, newControllerRef, podKey } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import { podsToDelete } from './pod-ranking';

/** BURST_REPLICAS bounds creates/deletes per sync, as Kubernetes' BurstReplicas. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetControllerDeps {
  client: ApiClient;
  rsInformer: Informer<ReplicaSet>;
  podInformer: Informer<Pod>;
  recorder: EventRecorder;
  clock?: Clock;
  burstReplicas?: number;
  onError?: (key: string, err: unknown) => void;
}

/** slowStartBatch calls fn count times in batches of 1, 2, 4, …, stopping after the first batch with an error. */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}

/** ReplicaSetController reconciles ReplicaSets. */
export class ReplicaSetController {
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly clock: Clock;
  private readonly burst: number;

  constructor(private readonly deps: ReplicaSetControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.burst = deps.burstReplicas ?? BURST_REPLICAS;
    this.queue = new WorkQueue<string>({ name: 'replicaset', clock: this.clock });
    this.expectations = new Expectations(this.clock);
    deps.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (_old, rs) => this.enqueue(rs),
      onDelete: (rs) => this.enqueue(rs),
    });
    deps.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(p),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 5, gate?: PauseGate): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(rs: Readonly<ReplicaSet>): void {
    this.queue.add(objectKey(rs));
  }

  private resolveRef(pod: Readonly<Pod>): Readonly<ReplicaSet> | undefined {
    return resolveControllerRef(pod, 'ReplicaSet', this.deps.rsInformer.lister);
  }

  private matchingReplicaSets(pod: Readonly<Pod>): Readonly<ReplicaSet>[] {
    return this.deps.rsInformer.lister.list(pod.metadata.namespace, (rs) => selectorMatcher(rs.spec.selector)(pod.metadata.labels));
  }

  private addPod(pod: Readonly<Pod>): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (controllerRef(pod)) {
      const rs = this.resolveRef(pod);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.enqueue(rs);
      return;
    }
    // An orphan: every matching ReplicaSet may want to adopt it.
    for (const rs of this.matchingReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Readonly<Pod>, cur: Readonly<Pod>): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const oldRef = controllerRef(old);
    const curRef = controllerRef(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const rs = this.resolveRef(old);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.resolveRef(cur);
      if (!rs) return;
      this.enqueue(rs);
      // A pod that just became ready becomes available minReadySeconds later: look again then.
      const mrs = rs.spec.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && mrs > 0) this.queue.addAfter(objectKey(rs), mrs * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.matchingReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: Readonly<Pod>): void {
    const rs = this.resolveRef(pod);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.enqueue(rs);
  }

  /** sync converges one ReplicaSet (key `namespace/name`) toward its spec. */
  async sync(key: string): Promise<void> {
    const rs = this.deps.rsInformer.lister.getByKey(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp;
    const match = selectorMatcher(rs.spec.selector);
    const active = this.deps.podInformer.lister.list(rs.metadata.namespace, isPodActive);
    const pods = await this.claimPods(rs, match, active);

    let manageErr: unknown;
    if (needsSync) {
      try {
        await this.manageReplicas(key, rs, pods);
      } catch (err) {
        manageErr = err;
      }
    }
    const status = this.calculateStatus(rs, pods, manageErr);
    const updated = await this.updateStatus(rs, status);
    if (manageErr) throw manageErr;
    const replicas = rs.spec.replicas ?? 1;
    const mrs = rs.spec.minReadySeconds ?? 0;
    if (updated && mrs > 0 && updated.readyReplicas === replicas && updated.availableReplicas !== replicas) {
      this.queue.addAfter(key, mrs * 1000);
    }
  }

  /** Adopts matching orphans and releases owned pods that no longer match; returns the pods this RS controls. */
  private async claimPods(rs: Readonly<ReplicaSet>, match: LabelMatcher, pods: readonly Readonly<Pod>[]): Promise<Readonly<Pod>[]> {
    const out: Readonly<Pod>[] = [];
    let canAdopt: boolean | undefined;
    const deleting = !!rs.metadata.deletionTimestamp;
    for (const pod of pods) {
      const ref = controllerRef(pod);
      if (ref) {
        if (ref.uid !== rs.metadata.uid) continue;
        if (match(pod.metadata.labels)) {
          out.push(pod);
        } else if (!deleting) {
          await this.release(rs, pod);
        }
        continue;
      }
      if (deleting || !match(pod.metadata.labels) || pod.metadata.deletionTimestamp) continue;
      // Adopt only if the RS is really still there (a fresh read, not the cache), as Kubernetes does.
      if (canAdopt === undefined) canAdopt = await this.recheckOwner(rs);
      if (!canAdopt) continue;
      const adopted = await this.adopt(rs, pod);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private async recheckOwner(rs: Readonly<ReplicaSet>): Promise<boolean> {
    try {
      const fresh = await this.deps.client.get<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, rs.metadata.name!);
      return fresh.metadata.uid === rs.metadata.uid && !fresh.metadata.deletionTimestamp;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private async adopt(rs: Readonly<ReplicaSet>, pod: Readonly<Pod>): Promise<Pod | undefined> {
    const refs = [...(pod.metadata.ownerReferences ?? []), newControllerRef(rs, 'apps/v1', 'ReplicaSet')];
    try {
      return await this.deps.client.patch<Pod>(GVR.pods, pod.metadata.namespace, pod.metadata.name!, 'application/merge-patch+json', {
        metadata: { ownerReferences: refs, resourceVersion: pod.metadata.resourceVersion },
      });
    } catch (err) {
      // Gone or changed meanwhile: the next sync sees the new state.
      if (isNotFound(err) || isConflict(err)) return undefined;
      throw err;
    }
  }

  private async release(rs: Readonly<ReplicaSet>, pod: Readonly<Pod>): Promise<void> {
    const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
    try {
      await this.deps.client.patch<Pod>(GVR.pods, pod.metadata.namespace, pod.metadata.name!, 'application/merge-patch+json', {
        metadata: { ownerReferences: refs.length > 0 ? refs : null, resourceVersion: pod.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }

  private async manageReplicas(key: string, rs: Readonly<ReplicaSet>, pods: readonly Readonly<Pod>[]): Promise<void> {
    const diff = pods.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      const n = Math.min(-diff, this.burst);
      this.expectations.expectCreations(key, n);
      const { successes, error } = await slowStartBatch(n, 1, () => this.createPod(rs));
      // Creates that failed or were skipped will never be observed: stop waiting for them.
      for (let i = successes; i < n; i++) this.expectations.creationObserved(key);
      if (error) throw error;
      return;
    }
    if (diff > 0) {
      const n = Math.min(diff, this.burst);
      const victims = podsToDelete(pods, this.relatedPods(rs, pods), n);
      this.expectations.expectDeletions(key, victims.map(podKey));
      const errors: unknown[] = [];
      await Promise.all(
        victims.map(async (p) => {
          try {
            await this.deps.client.delete(GVR.pods, p.metadata.namespace, p.metadata.name!);
            this.deps.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
          } catch (err) {
            this.expectations.deletionObserved(key, podKey(p));
            if (!isNotFound(err)) {
              this.deps.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
              errors.push(err);
            }
          }
        }),
      );
      if (errors.length > 0) throw errors[0];
    }
  }

  /** The active pods of every ReplicaSet sharing this one's controller (a Deployment's family), for the same-node rank. */
  private relatedPods(rs: Readonly<ReplicaSet>, own: readonly Readonly<Pod>[]): Readonly<Pod>[] {
    const owner = controllerRef(rs);
    if (!owner) return [...own];
    const family = new Set(
      this.deps.rsInformer.lister
        .list(rs.metadata.namespace, (x) => controllerRef(x)?.uid === owner.uid)
        .map((x) => x.metadata.uid),
    );
    return this.deps.podInformer.lister.list(rs.metadata.namespace, (p) => isPodActive(p) && family.has(controllerRef(p)?.uid ?? ''));
  }

  private async createPod(rs: Readonly<ReplicaSet>): Promise<void> {
    const tpl = rs.spec.template;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(tpl?.metadata?.labels ?? {}) },
        ...(tpl?.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ...(tpl?.metadata?.finalizers ? { finalizers: [...tpl.metadata.finalizers] } : {}),
        ownerReferences: [newControllerRef(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: structuredClone(tpl?.spec ?? { containers: [] }) as Pod['spec'],
    };
    try {
      const created = await this.deps.client.create<Pod>(GVR.pods, rs.metadata.namespace, pod);
      this.deps.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      // The namespace is going away: not a failure worth retrying or reporting.
      if (isNamespaceTerminating(err)) return;
      this.deps.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private calculateStatus(rs: Readonly<ReplicaSet>, pods: readonly Readonly<Pod>[], manageErr: unknown): ReplicaSetStatus {
    const now = this.clock.now();
    const tplLabels = Object.entries(rs.spec.template?.metadata?.labels ?? {});
    const mrs = rs.spec.minReadySeconds ?? 0;
    let fully = 0;
    let ready = 0;
    let available = 0;
    for (const p of pods) {
      if (tplLabels.every(([k, v]) => p.metadata.labels?.[k] === v)) fully++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, mrs, now)) available++;
      }
    }
    let conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
    const failure = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (manageErr && (pods.length - (rs.spec.replicas ?? 1)) < 0) {
      const c: Condition = {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: (manageErr as Error).message,
        lastTransitionTime: failure?.status === 'True' ? failure.lastTransitionTime : new Date(now).toISOString(),
      };
      conditions = [...conditions, c];
    } else if (manageErr && failure) {
      conditions = [...conditions, failure];
    }
    return {
      replicas: pods.length,
      fullyLabeledReplicas: fully,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
      ...(conditions.length > 0 ? { conditions } : {}),
    };
  }

  private async updateStatus(rs: Readonly<ReplicaSet>, status: ReplicaSetStatus): Promise<ReplicaSetStatus | undefined> {
    const cur = rs.status ?? { replicas: 0 };
    const same =
      (cur.replicas ?? 0) === status.replicas &&
      (cur.fullyLabeledReplicas ?? 0) === status.fullyLabeledReplicas &&
      (cur.readyReplicas ?? 0) === status.readyReplicas &&
      (cur.availableReplicas ?? 0) === status.availableReplicas &&
      cur.observedGeneration === status.observedGeneration &&
      JSON.stringify(cur.conditions ?? []) === JSON.stringify(status.conditions ?? []);
    if (same) return status;
    let base: Readonly<KubeObject> = rs;
    // One retry on conflict with a fresh read, as Kubernetes' updateReplicaSetStatus does.
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.deps.client.updateStatus<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, { ...(base as ReplicaSet), status });
        return out.status;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        if (!isConflict(err) || attempt > 0) throw err;
        base = await this.deps.client.get<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, rs.metadata.name!);
      }
    }
  }
}
