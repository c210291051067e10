/**
 * The StatefulSet controller (Kubernetes' stateful_set_control.go, the parts
 * that matter here): pods `<set>-0 … <set>-(n-1)` with stable names and
 * their own claims, created in order and each only once the previous one is
 * Running and Ready (OrderedReady) or all at once (Parallel); scale-down from
 * the highest ordinal; RollingUpdate replaces pods from the highest ordinal
 * down to the partition, one at a time, each only after the previous one is
 * Ready again; OnDelete leaves them to the user. Templates are recorded as
 * ControllerRevisions, the history `kubectl rollout history/undo` reads.
 * Pod names are deterministic, so a create the cache has not shown yet fails
 * with AlreadyExists instead of duplicating: no expectations are needed.
 * Handlers only enqueue; sync converges.
 */
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from '../../../shared/api/apps';
import type { PersistentVolumeClaim, Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isAlreadyExists, isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating } from '../../client/api-errors';
import { controllerRef, isPodAvailable, isPodReady, resolveControllerRef } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import type { EventRecorder } from '../../client/event-recorder';
import type { PauseGate } from '../../client/pause-gate';
import { newRevision, nextRevisionNumber, sameTemplate, templateOf } from './revisions';
import { claimsFor, newStatefulPod, ordinalOf, STS_REVISION_LABEL } from './stateful-pods';

export interface StatefulSetControllerDeps {
  client: ApiClient;
  setInformer: Informer<StatefulSet>;
  podInformer: Informer<Pod>;
  claimInformer: Informer<PersistentVolumeClaim>;
  revisionInformer: Informer<ControllerRevision>;
  recorder: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

const isTerminating = (p: Readonly<Pod>) => !!p.metadata.deletionTimestamp;
const isFinished = (p: Readonly<Pod>) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const isRunningAndReady = (p: Readonly<Pod>) => p.status?.phase === 'Running' && isPodReady(p);

/** StatefulSetController reconciles StatefulSets. */
export class StatefulSetController {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;

  constructor(private readonly deps: StatefulSetControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.queue = new WorkQueue<string>({ name: 'statefulset', clock: this.clock });
    deps.setInformer.addEventHandler({
      onAdd: (s) => this.enqueue(s),
      onUpdate: (_o, s) => this.enqueue(s),
      onDelete: (s) => this.enqueue(s),
    });
    const owner = (o: Readonly<KubeObject>) => {
      const s = resolveControllerRef<StatefulSet>(o, 'StatefulSet', deps.setInformer.lister);
      if (s) this.enqueue(s);
    };
    deps.podInformer.addEventHandler({
      onAdd: owner,
      onUpdate: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
        owner(p);
        const s = resolveControllerRef<StatefulSet>(p, 'StatefulSet', deps.setInformer.lister);
        const mrs = s?.spec.minReadySeconds ?? 0;
        if (s && mrs > 0 && !isPodReady(o) && isPodReady(p)) this.queue.addAfter(objectKey(s), mrs * 1000);
      },
      onDelete: owner,
    });
    deps.revisionInformer.addEventHandler({ onAdd: owner, onUpdate: (_o, r) => owner(r), onDelete: owner });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 2, gate?: PauseGate): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(s: Readonly<KubeObject>): void {
    this.queue.add(objectKey(s));
  }

  /** sync converges one StatefulSet (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const set = this.deps.setInformer.lister.getByKey(key);
    if (!set || set.metadata.deletionTimestamp) return;
    const ns = set.metadata.namespace;
    const revisions = this.deps.revisionInformer.lister.list(ns, (r) => controllerRef(r)?.uid === set.metadata.uid).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
    const update = await this.updateRevision(set, revisions);
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    const pods = this.deps.podInformer.lister.list(ns, (p) => controllerRef(p)?.uid === set.metadata.uid);
    const byOrdinal = new Map<number, Readonly<Pod>>();
    for (const p of pods) {
      const o = ordinalOf(set, p);
      if (o >= 0) byOrdinal.set(o, p);
    }
    let err: unknown;
    try {
      await this.manage(set, byOrdinal, current, update);
    } catch (e) {
      err = e;
    }
    await this.updateStatus(set, this.computeStatus(set, pods, current, update));
    await this.truncateHistory(set, revisions, pods, current, update);
    if (err) throw err;
  }

  /** updateRevision finds (or records) the revision of the set's current template; an older equal one is renumbered to be the newest. */
  private async updateRevision(set: Readonly<StatefulSet>, revisions: readonly Readonly<ControllerRevision>[]): Promise<Readonly<ControllerRevision>> {
    const next = nextRevisionNumber(revisions);
    const equal = revisions.filter((r) => sameTemplate(templateOf(r), set.spec.template));
    const latest = equal[equal.length - 1];
    if (latest) {
      if (latest === revisions[revisions.length - 1]) return latest;
      return this.deps.client.patch<ControllerRevision>(GVR.controllerrevisions, set.metadata.namespace, latest.metadata.name!, 'application/merge-patch+json', { revision: next });
    }
    const cr = newRevision(set, next);
    try {
      return await this.deps.client.create<ControllerRevision>(GVR.controllerrevisions, set.metadata.namespace, cr);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      // The cache was late: the revision exists already.
      const got = await this.deps.client.get<ControllerRevision>(GVR.controllerrevisions, set.metadata.namespace, cr.metadata.name!);
      if (!sameTemplate(templateOf(got), set.spec.template)) throw new Error(`controllerrevision ${cr.metadata.name} exists with another template`);
      return got;
    }
  }

  /** manage takes at most one step per pod in order, as OrderedReady requires, or every step at once for Parallel. */
  private async manage(set: Readonly<StatefulSet>, byOrdinal: ReadonlyMap<number, Readonly<Pod>>, current: Readonly<ControllerRevision>, update: Readonly<ControllerRevision>): Promise<void> {
    const replicas = set.spec.replicas ?? 1;
    const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = rolling ? (set.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;

    // Finished pods are deleted and created again.
    for (const [o, p] of byOrdinal) {
      if (o < replicas && isFinished(p) && !isTerminating(p)) {
        await this.deletePod(set, p);
        if (monotonic) return;
      }
    }
    for (let o = 0; o < replicas; o++) {
      const p = byOrdinal.get(o);
      if (!p) {
        // Below the partition a new pod keeps the current revision; at or above it, the update revision.
        const rev = rolling && o < partition ? current : update;
        await this.createPod(set, rev, o);
        if (monotonic) return;
        continue;
      }
      if (isFinished(p) || isTerminating(p) || !isRunningAndReady(p)) {
        if (monotonic) return;
      }
    }
    // Scale down from the highest ordinal.
    const condemned = [...byOrdinal.entries()].filter(([o]) => o >= replicas).sort(([a], [b]) => b - a);
    for (const [, p] of condemned) {
      if (isTerminating(p)) {
        if (monotonic) return;
        continue;
      }
      await this.deletePod(set, p);
      if (monotonic) return;
    }
    if (!rolling) return;
    for (let o = replicas - 1; o >= partition; o--) {
      const p = byOrdinal.get(o);
      // Missing: being created in this sync (or about to be); the update waits for it to be Ready.
      if (!p) return;
      if (p.metadata.labels?.[STS_REVISION_LABEL] !== update.metadata.name && !isTerminating(p)) {
        await this.deletePod(set, p);
        return;
      }
      if (!isRunningAndReady(p)) return;
    }
  }

  private async createPod(set: Readonly<StatefulSet>, rev: Readonly<ControllerRevision>, ordinal: number): Promise<void> {
    const template = templateOf(rev) ?? set.spec.template;
    const pod = newStatefulPod(set, template, rev.metadata.name!, ordinal);
    for (const claim of claimsFor(set, ordinal)) {
      if (this.deps.claimInformer.lister.get(set.metadata.namespace, claim.metadata.name!)) continue;
      try {
        await this.deps.client.create(GVR.persistentvolumeclaims, set.metadata.namespace, claim);
        this.deps.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      } catch (e) {
        if (isAlreadyExists(e)) continue;
        if (isNamespaceTerminating(e)) return;
        this.deps.recorder.event(set, 'Warning', 'FailedCreate', `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
        throw e;
      }
    }
    try {
      await this.deps.client.create<Pod>(GVR.pods, set.metadata.namespace, pod);
      this.deps.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if (isAlreadyExists(e) || isNamespaceTerminating(e)) return;
      this.deps.recorder.event(set, 'Warning', 'FailedCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
  }

  private async deletePod(set: Readonly<StatefulSet>, p: Readonly<Pod>): Promise<void> {
    try {
      await this.deps.client.delete(GVR.pods, p.metadata.namespace, p.metadata.name!);
      this.deps.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** computeStatus counts the pods as Kubernetes' StatefulSetStatus does; a finished RollingUpdate makes the update revision current. */
  computeStatus(set: Readonly<StatefulSet>, pods: readonly Readonly<Pod>[], current: Readonly<ControllerRevision>, update: Readonly<ControllerRevision>): StatefulSetStatus {
    const now = this.clock.now();
    const live = pods.filter((p) => !isTerminating(p));
    const status: StatefulSetStatus = {
      observedGeneration: set.metadata.generation,
      replicas: live.length,
      readyReplicas: live.filter(isPodReady).length,
      availableReplicas: live.filter((p) => isPodAvailable(p, set.spec.minReadySeconds ?? 0, now)).length,
      currentReplicas: live.filter((p) => p.metadata.labels?.[STS_REVISION_LABEL] === current.metadata.name).length,
      updatedReplicas: live.filter((p) => p.metadata.labels?.[STS_REVISION_LABEL] === update.metadata.name).length,
      currentRevision: current.metadata.name,
      updateRevision: update.metadata.name,
      collisionCount: set.status?.collisionCount ?? 0,
    };
    const rolling = (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    return status;
  }

  private async updateStatus(set: Readonly<StatefulSet>, status: StatefulSetStatus): Promise<void> {
    const cur = set.status;
    if (cur && (Object.keys(status) as (keyof StatefulSetStatus)[]).every((k) => cur[k] === status[k])) return;
    let base: Readonly<StatefulSet> = set;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.client.updateStatus<StatefulSet>(GVR.statefulsets, set.metadata.namespace, { ...(base as StatefulSet), status: { ...status, ...(cur?.conditions ? { conditions: cur.conditions } : {}) } });
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e) || attempt > 0) throw e;
        base = await this.deps.client.get<StatefulSet>(GVR.statefulsets, set.metadata.namespace, set.metadata.name!);
      }
    }
  }

  /** truncateHistory keeps revisionHistoryLimit revisions besides those in use (current, update, any pod's). */
  private async truncateHistory(set: Readonly<StatefulSet>, revisions: readonly Readonly<ControllerRevision>[], pods: readonly Readonly<Pod>[], current: Readonly<ControllerRevision>, update: Readonly<ControllerRevision>): Promise<void> {
    const live = new Set([current.metadata.name, update.metadata.name, ...pods.map((p) => p.metadata.labels?.[STS_REVISION_LABEL])]);
    const old = revisions.filter((r) => !live.has(r.metadata.name));
    const excess = old.length - (set.spec.revisionHistoryLimit ?? 10);
    for (const r of old.slice(0, Math.max(0, excess))) {
      await this.deps.client.delete(GVR.controllerrevisions, r.metadata.namespace, r.metadata.name!).catch((e: unknown) => {
        if (!isNotFound(e)) throw e;
      });
    }
  }
}
