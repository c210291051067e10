/**
 * The Deployment controller: owns ReplicaSets named `<deployment>-<hash>`,
 * rolls from old to new with RollingUpdate (maxSurge / maxUnavailable) or
 * Recreate, keeps revision annotations (so `rollout undo` reuses the matching
 * ReplicaSet under a new revision), honours pause, scales proportionally,
 * trims history, and reports status with the Progressing and Available
 * conditions. It follows Kubernetes' pkg/controller/deployment step by step.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../../shared/api/apps';
import type { Pod } from '../../../shared/api/core';
import type { Condition } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isAlreadyExists, isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey, OWNER_UID_INDEX, ownerUidIndex } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { EventRecorder } from '../../client/event-recorder';
import { isNamespaceTerminating } from '../../client/api-errors';
import { selectorIsEmpty, selectorMatcher } from '../common/label-selector';
import { controllerRef, newControllerRef } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import { newRSReplicasForRollingUpdate, replicaSetFraction, resolveFenceposts } from './rollout-math';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH } from './template-hash';

/** Annotations the Deployment controller keeps on Deployments and ReplicaSets (Kubernetes' names). */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const NOT_COPIED = new Set([REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'kubectl.kubernetes.io/last-applied-configuration', 'deprecated.deployment.rollback.to']);

/** Reasons of the Progressing / Available conditions, as Kubernetes spells them. */
export const Reason = {
  NewRSCreated: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  RSUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  FailedRSCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export interface DeploymentControllerDeps {
  client: ApiClient;
  deploymentInformer: Informer<Deployment>;
  rsInformer: Informer<ReplicaSet>;
  podInformer: Informer<Pod>;
  recorder: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

const replicasOf = (x: { spec: { replicas?: number } }) => x.spec.replicas ?? 1;
const revisionOf = (rs: ReplicaSet | undefined) => Number(rs?.metadata.annotations?.[REVISION] ?? 0) || 0;
const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;
const byCreation = (a: ReplicaSet, b: ReplicaSet) => created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
const sum = (rss: ReplicaSet[], f: (rs: ReplicaSet) => number) => rss.reduce((n, rs) => n + f(rs), 0);

/*
 * A ReplicaSet's status lags its spec. The ReplicaSet controller reports the
 * pods it listed before deleting the surplus (as Kubernetes' does), so an RS
 * just scaled 10 → 8 reports 10 pods and 10 available, at the new
 * observedGeneration, until its next sync; before its first sync it reports
 * the old figures. A deployment sync in that window must not take those
 * figures at face value (with the API calls of several controllers
 * interleaved, it lands there: issue 14's rollout dipped to 6 available of 10).
 */

/**
 * availableOf is how many of an RS's pods may be counted available: its
 * status, but never more than its spec, since the surplus is being deleted
 * and the ReplicaSet controller deletes unavailable pods first.
 */
const availableOf = (rs: ReplicaSet) => Math.min(rs.status?.availableReplicas ?? 0, replicasOf(rs));

/**
 * podsOf is how many pods an RS may still have: its spec, or more while the
 * surplus of a scale-down has not been seen deleted (status.replicas).
 */
const podsOf = (rs: ReplicaSet) => Math.max(replicasOf(rs), rs.status?.replicas ?? 0);

/** maxSurgeOf is the resolved maxSurge of a RollingUpdate deployment (0 for Recreate). */
export function maxSurgeOf(d: Deployment): number {
  if (d.spec.strategy?.type === 'Recreate') return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

/** maxUnavailableOf is the resolved maxUnavailable (0 for Recreate or 0 replicas, at most replicas). */
export function maxUnavailableOf(d: Deployment): number {
  const replicas = replicasOf(d);
  if (d.spec.strategy?.type === 'Recreate' || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(replicas, resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable);
}

/** deploymentComplete: every replica updated, available, and no old ones left. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

function getCondition(s: DeploymentStatus | undefined, type: string): Condition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

/** setCondition replaces a condition, keeping lastTransitionTime when the status does not change (SetDeploymentCondition). */
function setCondition(s: DeploymentStatus, c: Condition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

interface Sync {
  /** The working copy of the deployment (mutable). */
  d: Deployment;
  /** What the API holds for annotations' revision and status (to write only changes). */
  savedRevision: string | undefined;
  savedStatus: string;
}

/** DeploymentController reconciles Deployments. */
export class DeploymentController {
  readonly queue: WorkQueue<string>;
  private readonly clock: Clock;

  constructor(private readonly deps: DeploymentControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.queue = new WorkQueue<string>({ name: 'deployment', clock: this.clock });
    deps.podInformer.addIndexers({ [OWNER_UID_INDEX]: ownerUidIndex });
    deps.deploymentInformer.addEventHandler({
      onAdd: (d) => this.queue.add(objectKey(d)),
      onUpdate: (_o, d) => this.queue.add(objectKey(d)),
      onDelete: (d) => this.queue.add(objectKey(d)),
    });
    deps.rsInformer.addEventHandler({
      onAdd: (rs) => this.rsChanged(rs),
      onUpdate: (old, rs) => {
        if (controllerRef(old)?.uid !== controllerRef(rs)?.uid) this.rsChanged(old);
        this.rsChanged(rs);
      },
      onDelete: (rs) => this.rsChanged(rs),
    });
    // Recreate waits for old pods to be gone: a deleted pod may unblock it.
    deps.podInformer.addEventHandler({
      onDelete: (p) => {
        const ref = controllerRef(p);
        if (ref?.kind !== 'ReplicaSet') return;
        const rs = deps.rsInformer.lister.get(p.metadata.namespace, ref.name);
        if (rs) this.rsChanged(rs);
      },
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

  private rsChanged(rs: Readonly<ReplicaSet>): void {
    const ref = controllerRef(rs);
    if (ref) {
      if (ref.kind !== 'Deployment') return;
      const d = this.deps.deploymentInformer.lister.get(rs.metadata.namespace, ref.name);
      if (d && d.metadata.uid === ref.uid) this.queue.add(objectKey(d));
      return;
    }
    for (const d of this.deps.deploymentInformer.lister.list(rs.metadata.namespace)) {
      if (selectorMatcher(d.spec.selector)(rs.metadata.labels)) this.queue.add(objectKey(d));
    }
  }

  /** sync converges one Deployment (key `namespace/name`). */
  async sync(key: string): Promise<void> {
    const cached = this.deps.deploymentInformer.lister.getByKey(key);
    if (!cached) return;
    const d = structuredClone(cached) as Deployment;
    const s: Sync = { d, savedRevision: d.metadata.annotations?.[REVISION], savedStatus: JSON.stringify(d.status ?? {}) };
    if (selectorIsEmpty(d.spec.selector)) {
      this.deps.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation };
        await this.save(s);
      }
      return;
    }
    const rsList = await this.claimReplicaSets(d);
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await this.getAll(s, rsList, false);
      await this.syncStatusOnly(s, [...(newRS ? [newRS] : []), ...oldRSs], newRS);
      return;
    }
    await this.checkPausedConditions(s);
    if (d.spec.paused || (await this.isScalingEvent(s, rsList))) {
      await this.syncScale(s, rsList);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') await this.rolloutRecreate(s, rsList);
    else await this.rolloutRolling(s, rsList);
  }

  // ---- ownership

  private async claimReplicaSets(d: Deployment): Promise<ReplicaSet[]> {
    const match = selectorMatcher(d.spec.selector);
    const out: ReplicaSet[] = [];
    for (const rs of this.deps.rsInformer.lister.list(d.metadata.namespace)) {
      const ref = controllerRef(rs);
      if (ref) {
        if (ref.uid !== d.metadata.uid) continue;
        if (match(rs.metadata.labels)) out.push(structuredClone(rs) as ReplicaSet);
        else if (!d.metadata.deletionTimestamp) await this.patchOwners(rs as ReplicaSet, (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid));
        continue;
      }
      if (d.metadata.deletionTimestamp || !match(rs.metadata.labels) || rs.metadata.deletionTimestamp) continue;
      const adopted = await this.patchOwners(rs as ReplicaSet, [...(rs.metadata.ownerReferences ?? []), newControllerRef(d, 'apps/v1', 'Deployment')]);
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private async patchOwners(rs: ReplicaSet, refs: ReplicaSet['metadata']['ownerReferences']): Promise<ReplicaSet | undefined> {
    try {
      return await this.deps.client.patch<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, rs.metadata.name!, 'application/merge-patch+json', {
        metadata: { ownerReferences: refs && refs.length > 0 ? refs : null, resourceVersion: rs.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return undefined;
      throw err;
    }
  }

  // ---- revisions and the new ReplicaSet

  private findNewRS(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
    // Oldest first: if two match (after a hash collision) the older one wins, as in Kubernetes.
    return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
  }

  private async getAll(s: Sync, rsList: ReplicaSet[], create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[]; allRSs: ReplicaSet[] }> {
    const existing = this.findNewRS(s.d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = await this.getNewRS(s, existing, oldRSs, create);
    return { newRS, oldRSs, allRSs: [...(newRS ? [newRS] : []), ...oldRSs] };
  }

  /** setNewRSAnnotations copies the deployment's annotations and moves the revision forward; true if anything changed. */
  private setNewRSAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
    const ann = { ...(rs.metadata.annotations ?? {}) };
    const before = JSON.stringify(ann);
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) ann[k] = v;
    const oldRevision = ann[REVISION];
    if (!oldRevision || Number(oldRevision) < Number(newRevision)) {
      ann[REVISION] = newRevision;
      if (oldRevision) ann[REVISION_HISTORY] = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${oldRevision}` : oldRevision;
    }
    if (!exists) {
      ann[DESIRED_REPLICAS] = String(replicasOf(d));
      ann[MAX_REPLICAS] = String(replicasOf(d) + maxSurgeOf(d));
    }
    rs.metadata.annotations = ann;
    return JSON.stringify(ann) !== before;
  }

  private setDeploymentRevision(d: Deployment, revision: string | undefined): boolean {
    if (!revision || d.metadata.annotations?.[REVISION] === revision) return false;
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION]: revision };
    return true;
  }

  private hasProgressDeadline(d: Deployment): boolean {
    // The API defaults progressDeadlineSeconds to 600; MaxInt32 means "no deadline".
    const p = d.spec.progressDeadlineSeconds ?? 600;
    return p !== 2147483647;
  }

  private cond(type: string, status: Condition['status'], reason: string, message: string): Condition {
    const now = new Date(this.clock.now()).toISOString();
    return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
  }

  private async getNewRS(s: Sync, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const d = s.d;
    const maxOld = Math.max(0, ...oldRSs.map(revisionOf));
    const newRevision = String(maxOld + 1);
    if (existing) {
      let rs = structuredClone(existing);
      const annotationsChanged = this.setNewRSAnnotations(d, rs, newRevision, true);
      const mrsChanged = (rs.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (annotationsChanged || mrsChanged) {
        rs.spec.minReadySeconds = d.spec.minReadySeconds;
        rs = await this.deps.client.update<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, rs);
      }
      let needsUpdate = this.setDeploymentRevision(d, rs.metadata.annotations?.[REVISION]);
      if (this.hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        d.status ??= {};
        setCondition(d.status, this.cond('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${rs.metadata.name}"`));
        needsUpdate = true;
      }
      if (needsUpdate) await this.save(s);
      return rs;
    }
    if (!create) return undefined;

    const collisionCount = d.status?.collisionCount ?? 0;
    const template = structuredClone(d.spec.template);
    const hash = computeHash(template, collisionCount);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...(template.metadata.labels ?? {}) },
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
    };
    const count = this.newRSReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = count;
    this.setNewRSAnnotations(d, newRS, newRevision, false);

    let createdRS: ReplicaSet;
    let alreadyExists = false;
    try {
      createdRS = await this.deps.client.create<ReplicaSet>(GVR.replicasets, d.metadata.namespace, newRS);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const rs = await this.deps.client.get<ReplicaSet>(GVR.replicasets, d.metadata.namespace, newRS.metadata.name!);
        if (controllerRef(rs)?.uid === d.metadata.uid && equalIgnoreHash(rs.spec.template, d.spec.template)) {
          createdRS = rs;
          alreadyExists = true;
        } else {
          // A hash collision with someone else's ReplicaSet: bump collisionCount so the next hash differs.
          d.status = { ...d.status, collisionCount: collisionCount + 1 };
          await this.save(s);
          throw err;
        }
      } else if (isNamespaceTerminating(err)) {
        return undefined;
      } else {
        if (this.hasProgressDeadline(d)) {
          d.status ??= {};
          setCondition(d.status, this.cond('Progressing', 'False', Reason.FailedRSCreate, `Failed to create new replica set "${newRS.metadata.name}": ${(err as Error).message}`));
          await this.save(s);
        }
        throw err;
      }
    }
    if (!alreadyExists && count > 0) {
      this.deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${createdRS.metadata.name} from 0 to ${count}`);
    }
    let needsUpdate = this.setDeploymentRevision(d, newRevision);
    if (!alreadyExists && this.hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, this.cond('Progressing', 'True', Reason.NewRSCreated, `Created new replica set "${createdRS.metadata.name}"`));
      needsUpdate = true;
    }
    if (needsUpdate) await this.save(s);
    return createdRS;
  }

  private newRSReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
    if (d.spec.strategy?.type === 'Recreate') return replicasOf(d);
    // Old RSs count with the pods they still have, so a surge never adds to pods not yet removed.
    const total = replicasOf(newRS) + sum(allRSs.filter((rs) => rs !== newRS), podsOf);
    return newRSReplicasForRollingUpdate(replicasOf(d), maxSurgeOf(d), total, replicasOf(newRS));
  }

  // ---- scaling

  /** scaleRS sets an RS's replicas (and the desired/max annotations), recording ScalingReplicaSet. Returns the updated RS. */
  private async scaleRS(d: Deployment, rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const desired = String(replicasOf(d));
    const max = String(replicasOf(d) + maxSurgeOf(d));
    const sizeChange = replicasOf(rs) !== newScale;
    const annChange = rs.metadata.annotations?.[DESIRED_REPLICAS] !== desired || rs.metadata.annotations?.[MAX_REPLICAS] !== max;
    if (!sizeChange && !annChange) return { scaled: false, rs };
    const copy = structuredClone(rs);
    const old = replicasOf(rs);
    copy.spec.replicas = newScale;
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
    const updated = await this.deps.client.update<ReplicaSet>(GVR.replicasets, rs.metadata.namespace, copy);
    if (sizeChange) {
      const op = newScale > old ? 'up' : 'down';
      this.deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${old} to ${newScale}`);
    }
    Object.assign(rs, updated);
    return { scaled: sizeChange, rs: updated };
  }

  private async isScalingEvent(s: Sync, rsList: ReplicaSet[]): Promise<boolean> {
    const { allRSs } = await this.getAll(s, rsList, false);
    return allRSs.some((rs) => {
      if (replicasOf(rs) === 0) return false;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && Number(desired) !== replicasOf(s.d);
    });
  }

  /** syncScale: paused deployments and scaling events only resize (proportionally), then report status. */
  private async syncScale(s: Sync, rsList: ReplicaSet[]): Promise<void> {
    const { newRS, oldRSs } = await this.getAll(s, rsList, false);
    await this.scale(s.d, newRS, oldRSs);
    if (s.d.spec.paused) await this.cleanup(s.d, oldRSs);
    await this.syncStatusOnly(s, [...(newRS ? [newRS] : []), ...oldRSs], newRS);
  }

  private async scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const active = all.filter((rs) => replicasOf(rs) > 0);
    const only = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? [...oldRSs].sort(byCreation).at(-1)) : undefined;
    if (only) {
      if (replicasOf(only) !== replicasOf(d)) await this.scaleRS(d, only, replicasOf(d));
      return;
    }
    if (newRS && replicasOf(newRS) === replicasOf(d) && newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(replicasOf(d)) && (newRS.status?.availableReplicas ?? 0) === replicasOf(d)) {
      for (const rs of oldRSs.filter((x) => replicasOf(x) > 0)) await this.scaleRS(d, rs, 0);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') return;
    // Proportional scaling of a rollout in progress.
    const surge = maxSurgeOf(d);
    const allowed = replicasOf(d) > 0 ? replicasOf(d) + surge : 0;
    const toAdd = allowed - sum(active, replicasOf);
    const ordered = [...active].sort((a, b) => (toAdd > 0 ? replicasOf(b) - replicasOf(a) || byCreation(b, a) : replicasOf(b) - replicasOf(a) || byCreation(a, b)));
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of ordered) {
      let proportion = 0;
      if (toAdd !== 0 && toAdd !== added) {
        const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? d.status?.replicas ?? 0);
        const fraction = replicaSetFraction(replicasOf(rs), replicasOf(d), surge, annotated);
        const allowedLeft = toAdd - added;
        proportion = toAdd > 0 ? Math.min(fraction, allowedLeft) : Math.max(fraction, allowedLeft);
      }
      sizes.set(rs, replicasOf(rs) + proportion);
      added += proportion;
    }
    if (ordered.length > 0 && toAdd !== 0) {
      const first = ordered[0]!;
      sizes.set(first, Math.max(0, sizes.get(first)! + (toAdd - added)));
    }
    for (const rs of ordered) await this.scaleRS(d, rs, sizes.get(rs)!);
  }

  // ---- strategies

  private async rolloutRolling(s: Sync, rsList: ReplicaSet[]): Promise<void> {
    const d = s.d;
    const { newRS, oldRSs, allRSs } = await this.getAll(s, rsList, true);
    if (!newRS) return;
    // Scale the new RS up within maxSurge.
    if (replicasOf(newRS) !== replicasOf(d)) {
      const target = replicasOf(newRS) > replicasOf(d) ? replicasOf(d) : this.newRSReplicas(d, allRSs, newRS);
      const { scaled } = await this.scaleRS(d, newRS, target);
      if (scaled) return this.syncRolloutStatus(s, allRSs, newRS);
    }
    // Then the old ones down within maxUnavailable.
    if (await this.reconcileOldReplicaSets(d, allRSs, oldRSs.filter((rs) => replicasOf(rs) > 0), newRS)) {
      return this.syncRolloutStatus(s, allRSs, newRS);
    }
    if (deploymentComplete(d, d.status ?? {})) await this.cleanup(d, oldRSs);
    await this.syncRolloutStatus(s, allRSs, newRS);
  }

  private async reconcileOldReplicaSets(d: Deployment, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
    if (sum(oldRSs, replicasOf) === 0) return false;
    const replicas = replicasOf(d);
    const maxUnavailable = maxUnavailableOf(d);
    const minAvailable = replicas - maxUnavailable;
    const newRSUnavailable = replicasOf(newRS) - availableOf(newRS);
    const maxScaledDown = sum(allRSs, replicasOf) - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) return false;

    // Unhealthy old pods first: they do not count toward availability, so removing them costs nothing.
    let cleaned = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (cleaned >= maxScaledDown) break;
      const unhealthy = replicasOf(rs) - availableOf(rs);
      if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
      const n = Math.min(maxScaledDown - cleaned, unhealthy);
      await this.scaleRS(d, rs, replicasOf(rs) - n);
      cleaned += n;
    }

    // Then available old pods, oldest RS first, keeping minAvailable (each RS's availability capped by its spec: see availableOf).
    const available = sum([newRS, ...oldRSs], availableOf);
    let scaledDown = 0;
    if (available > minAvailable) {
      const budget = available - minAvailable;
      for (const rs of [...oldRSs].sort(byCreation)) {
        if (scaledDown >= budget) break;
        if (replicasOf(rs) === 0) continue;
        const n = Math.min(replicasOf(rs), budget - scaledDown);
        await this.scaleRS(d, rs, replicasOf(rs) - n);
        scaledDown += n;
      }
    }
    return cleaned + scaledDown > 0;
  }

  private async rolloutRecreate(s: Sync, rsList: ReplicaSet[]): Promise<void> {
    const d = s.d;
    let { newRS, oldRSs, allRSs } = await this.getAll(s, rsList, false);
    let scaledDown = false;
    for (const rs of oldRSs.filter((x) => replicasOf(x) > 0)) {
      const r = await this.scaleRS(d, rs, 0);
      scaledDown ||= r.scaled;
    }
    if (scaledDown) return this.syncRolloutStatus(s, allRSs, newRS);
    if (this.oldPodsRunning(oldRSs)) return this.syncRolloutStatus(s, allRSs, newRS);
    if (!newRS) ({ newRS, oldRSs, allRSs } = await this.getAll(s, rsList, true));
    if (newRS && replicasOf(newRS) !== replicasOf(d)) await this.scaleRS(d, newRS, replicasOf(d));
    if (deploymentComplete(d, d.status ?? {})) await this.cleanup(d, oldRSs);
    await this.syncRolloutStatus(s, allRSs, newRS);
  }

  private oldPodsRunning(oldRSs: ReplicaSet[]): boolean {
    if (sum(oldRSs, (rs) => rs.status?.replicas ?? 0) > 0) return true;
    for (const rs of oldRSs) {
      for (const p of this.deps.podInformer.lister.byIndex(OWNER_UID_INDEX, rs.metadata.uid!)) {
        if (p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded') return true;
      }
    }
    return false;
  }

  /** cleanup deletes old, fully scaled-down ReplicaSets beyond revisionHistoryLimit, oldest revision first. */
  private async cleanup(d: Deployment, oldRSs: ReplicaSet[]): Promise<void> {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    const sorted = [...cleanable].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of sorted.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.client.delete(GVR.replicasets, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  // ---- status

  private calculateStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
    const available = sum(allRSs, (rs) => rs.status?.availableReplicas ?? 0);
    const total = sum(allRSs, replicasOf);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation,
      replicas: sum(allRSs, (rs) => rs.status?.replicas ?? 0),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: [...(d.status?.conditions ?? [])],
      ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
    };
    if (available >= replicasOf(d) - maxUnavailableOf(d)) {
      setCondition(status, this.cond('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.'));
    } else {
      setCondition(status, this.cond('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.'));
    }
    return status;
  }

  private async syncStatusOnly(s: Sync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    s.d.status = this.calculateStatus(s.d, allRSs, newRS);
    await this.save(s);
  }

  private async syncRolloutStatus(s: Sync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const d = s.d;
    const old = d.status ?? {};
    const st = this.calculateStatus(d, allRSs, newRS);
    if (!this.hasProgressDeadline(d)) {
      st.conditions = (st.conditions ?? []).filter((c) => c.type !== 'Progressing');
    }
    const cur = getCondition(st, 'Progressing');
    const isComplete = st.replicas === st.updatedReplicas && cur?.reason === Reason.NewRSAvailable;
    if (this.hasProgressDeadline(d) && !isComplete) {
      if (deploymentComplete(d, st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(st, this.cond('Progressing', 'True', Reason.NewRSAvailable, msg));
      } else if (this.progressing(d, old, st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const c = this.cond('Progressing', 'True', Reason.RSUpdated, msg);
        // Progress moves lastUpdateTime (the deadline's start) but keeps lastTransitionTime.
        if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
        st.conditions = [...(st.conditions ?? []).filter((x) => x.type !== 'Progressing'), c];
      } else if (this.timedOut(d, st)) {
        const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(st, this.cond('Progressing', 'False', Reason.TimedOut, msg));
      }
    }
    d.status = st;
    await this.save(s);
    this.requeueStuck(d, st);
  }

  private progressing(d: Deployment, old: DeploymentStatus, st: DeploymentStatus): boolean {
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
    const newOld = (st.replicas ?? 0) - (st.updatedReplicas ?? 0);
    return (
      (st.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
      newOld < oldOld ||
      (st.readyReplicas ?? 0) > (d.status?.readyReplicas ?? 0) ||
      (st.availableReplicas ?? 0) > (d.status?.availableReplicas ?? 0)
    );
  }

  private timedOut(d: Deployment, st: DeploymentStatus): boolean {
    if (!this.hasProgressDeadline(d)) return false;
    const c = getCondition(st, 'Progressing');
    if (!c) return false;
    if (c.reason === Reason.NewRSAvailable) return false;
    if (c.reason === Reason.TimedOut) return true;
    const from = Date.parse(c.lastUpdateTime ?? c.lastTransitionTime ?? '');
    return Number.isFinite(from) && this.clock.now() > from + (d.spec.progressDeadlineSeconds ?? 600) * 1000;
  }

  /** requeueStuck looks at a progressing deployment again when its deadline would pass. */
  private requeueStuck(d: Deployment, st: DeploymentStatus): void {
    const c = getCondition(st, 'Progressing');
    if (!this.hasProgressDeadline(d) || !c || deploymentComplete(d, st) || c.reason === Reason.TimedOut) return;
    const from = Date.parse(c.lastUpdateTime ?? '');
    if (!Number.isFinite(from)) return;
    const after = from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 - this.clock.now();
    this.queue.addAfter(objectKey(d), Math.max(0, after) + 1000);
  }

  private async checkPausedConditions(s: Sync): Promise<void> {
    const d = s.d;
    if (!this.hasProgressDeadline(d)) return;
    const c = getCondition(d.status, 'Progressing');
    if (c?.reason === Reason.TimedOut) return;
    const pausedCond = c?.reason === Reason.Paused;
    if (d.spec.paused && !pausedCond) {
      d.status ??= {};
      setCondition(d.status, this.cond('Progressing', 'Unknown', Reason.Paused, 'Deployment is paused'));
    } else if (!d.spec.paused && pausedCond) {
      d.status ??= {};
      setCondition(d.status, this.cond('Progressing', 'Unknown', Reason.Resumed, 'Deployment is resumed'));
    } else return;
    await this.save(s);
  }

  /** save writes what changed: the revision annotation (metadata, through the main resource) and status. */
  private async save(s: Sync): Promise<void> {
    try {
      await this.write(s);
    } catch (err) {
      // Deleted meanwhile: nothing left to report on.
      if (!isNotFound(err)) throw err;
    }
  }

  private async write(s: Sync): Promise<void> {
    const d = s.d;
    const rev = d.metadata.annotations?.[REVISION];
    if (rev !== s.savedRevision) {
      const out = await this.deps.client.patch<Deployment>(GVR.deployments, d.metadata.namespace, d.metadata.name!, 'application/merge-patch+json', {
        metadata: { annotations: { [REVISION]: rev ?? null } },
      });
      s.savedRevision = rev;
      d.metadata.resourceVersion = out.metadata.resourceVersion;
    }
    const st = JSON.stringify(d.status ?? {});
    if (st !== s.savedStatus) {
      const out = await this.deps.client.updateStatus<Deployment>(GVR.deployments, d.metadata.namespace, d);
      s.savedStatus = st;
      d.metadata.resourceVersion = out.metadata.resourceVersion;
    }
  }
}
