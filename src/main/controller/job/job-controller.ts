/**
 * The Job controller: runs a Job's pods to completion. It keeps up to
 * spec.parallelism pods active until spec.completions have succeeded (one per
 * index for Indexed Jobs, which see JOB_COMPLETION_INDEX), counts failures
 * against spec.backoffLimit (pod restarts too, for restartPolicy OnFailure),
 * applies podFailurePolicy rules, activeDeadlineSeconds and suspend, and sets
 * the Complete / Failed / Suspended conditions kubectl waits on. It also does
 * the TTL-after-finished controller's job (ttlSecondsAfterFinished). Handlers
 * only enqueue; sync converges.
 *
 * Unlike Kubernetes, pods carry no tracking finalizer: terminal pods are
 * counted while they exist and the counts in status never go down, so a
 * finished pod deleted before the controller saw it is not counted.
 */
import type { Job, JobStatus, PodFailurePolicyRule } from '../../../shared/api/batch';
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_LABELS } from '../../../shared/api/batch';
import type { Container, Pod } from '../../../shared/api/core';
import type { Condition, KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating } from '../../client/api-errors';
import { Expectations } from '../common/expectations';
import { controllerRef, resolveControllerRef, isPodActive, isPodReady, newControllerRef, podKey } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import type { EventRecorder } from '../../client/event-recorder';
import { slowStartBatch } from '../replicaset/replicaset-controller';
import { formatIndexes, parseIndexes, podCompletionIndex } from './indexes';

/** DEFAULT_BACKOFF_MS is Kubernetes' DefaultJobPodFailureBackOff (10 s), doubled per failure. */
export const DEFAULT_BACKOFF_MS = 10_000;
/** MAX_BACKOFF_MS is Kubernetes' MaxJobPodFailureBackOff (6 min). */
export const MAX_BACKOFF_MS = 360_000;

export interface JobControllerDeps {
  client: ApiClient;
  jobInformer: Informer<Job>;
  podInformer: Informer<Pod>;
  recorder: EventRecorder;
  clock?: Clock;
  /** First delay before a pod is re-created after a failure (default 10 s). */
  backoffBaseMs?: number;
  onError?: (key: string, err: unknown) => void;
}

/** Finish is a terminal condition the sync decided on. */
interface Finish {
  type: 'Complete' | 'Failed';
  reason: string;
  message: string;
}

/** isJobFinished reports a Complete or Failed condition that is True. */
export function isJobFinished(job: Readonly<Job>): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** finishedAt is when a finished Job finished (completionTime, else its terminal condition's transition). */
function finishedAt(job: Readonly<Job>): number | undefined {
  if (job.status?.completionTime) return Date.parse(job.status.completionTime);
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

/** matchFailurePolicy finds the first podFailurePolicy rule a failed pod matches, with Kubernetes' message. */
export function matchFailurePolicy(rules: readonly PodFailurePolicyRule[] | undefined, pod: Readonly<Pod>): { action: PodFailurePolicyRule['action']; message: string } | undefined {
  const who = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [i, r] of (rules ?? []).entries()) {
    if (r.onExitCodes) {
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      for (const cs of statuses) {
        if (r.onExitCodes.containerName && r.onExitCodes.containerName !== cs.name) continue;
        const code = cs.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        const listed = r.onExitCodes.values.includes(code);
        if (r.onExitCodes.operator === 'In' ? listed : !listed) {
          return { action: r.action, message: `Container ${cs.name} for pod ${who} failed with exit code ${code} matching ${r.action} rule at index ${i}` };
        }
      }
    }
    for (const pat of r.onPodConditions ?? []) {
      if ((pod.status?.conditions ?? []).some((c) => c.type === pat.type && c.status === (pat.status || 'True'))) {
        return { action: r.action, message: `Pod ${who} has condition ${pat.type} matching ${r.action} rule at index ${i}` };
      }
    }
  }
  return undefined;
}

/** setCondition returns conditions with type set to status, keeping lastTransitionTime when status did not change. */
function setCondition(conds: readonly Condition[], type: string, status: 'True' | 'False', reason: string, message: string, now: string): Condition[] {
  const old = conds.find((c) => c.type === type);
  if (old && old.status === status && old.reason === reason && old.message === message) return [...conds];
  const c: Condition = { type, status, lastProbeTime: now, lastTransitionTime: old?.status === status ? (old.lastTransitionTime ?? now) : now, reason, message };
  return old ? conds.map((x) => (x.type === type ? c : x)) : [...conds, c];
}

/** JobController reconciles Jobs. */
export class JobController {
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly clock: Clock;
  private readonly backoffBase: number;

  constructor(private readonly deps: JobControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.backoffBase = deps.backoffBaseMs ?? DEFAULT_BACKOFF_MS;
    this.queue = new WorkQueue<string>({ name: 'job', clock: this.clock });
    this.expectations = new Expectations(this.clock);
    deps.jobInformer.addEventHandler({
      onAdd: (j) => this.enqueue(j),
      onUpdate: (_o, j) => this.enqueue(j),
      onDelete: (j) => this.enqueue(j),
    });
    deps.podInformer.addEventHandler({
      onAdd: (p) => (p.metadata.deletionTimestamp ? this.deletePod(p) : this.addPod(p)),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(p),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 5): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(job: Readonly<KubeObject>): void {
    this.queue.add(objectKey(job));
  }

  private resolveRef(pod: Readonly<Pod>): Readonly<Job> | undefined {
    return resolveControllerRef(pod, 'Job', this.deps.jobInformer.lister);
  }

  private addPod(pod: Readonly<Pod>): void {
    const job = this.resolveRef(pod);
    if (!job) return;
    this.expectations.creationObserved(objectKey(job));
    this.enqueue(job);
  }

  private updatePod(old: Readonly<Pod>, cur: Readonly<Pod>): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return this.deletePod(cur);
    const job = this.resolveRef(cur);
    if (job) this.enqueue(job);
  }

  private deletePod(pod: Readonly<Pod>): void {
    const job = this.resolveRef(pod);
    if (!job) return;
    this.expectations.deletionObserved(objectKey(job), podKey(pod));
    this.enqueue(job);
  }

  /** sync converges one Job (key `namespace/name`) toward its spec. */
  async sync(key: string): Promise<void> {
    const job = this.deps.jobInformer.lister.getByKey(key);
    if (!job) {
      this.expectations.delete(key);
      return;
    }
    if (isJobFinished(job)) return this.expireIfDone(key, job);
    if (job.metadata.deletionTimestamp) return;

    const now = this.clock.now();
    const nowIso = new Date(now).toISOString();
    const spec = job.spec;
    const indexed = spec.completionMode === 'Indexed';
    const pods = this.deps.podInformer.lister.list(job.metadata.namespace, (p) => controllerRef(p)?.uid === job.metadata.uid);
    const active = pods.filter(isPodActive);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

    // Failures: failed pods (unless a policy rule ignores them) and, for OnFailure, container restarts.
    let failJob: string | undefined;
    let failedCount = 0;
    let lastFailure = 0;
    for (const p of pods) {
      if (p.status?.phase !== 'Failed') continue;
      const rule = matchFailurePolicy(spec.podFailurePolicy?.rules, p);
      if (rule?.action === 'Ignore') continue;
      if (rule?.action === 'FailJob') failJob ??= rule.message;
      failedCount++;
      lastFailure = Math.max(lastFailure, podFinishedAt(p));
    }
    const failed = Math.max(job.status?.failed ?? 0, failedCount);
    const restarts = spec.template.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0), 0) : 0;

    // Successes: by index for Indexed Jobs.
    const completions = spec.completions;
    const completed = new Set<number>(indexed ? parseIndexes(job.status?.completedIndexes) : []);
    let succeeded: number;
    if (indexed) {
      for (const p of pods) {
        const i = p.status?.phase === 'Succeeded' ? podCompletionIndex(p) : undefined;
        if (i !== undefined && i < (completions ?? 0)) completed.add(i);
      }
      succeeded = completed.size;
    } else {
      succeeded = Math.max(job.status?.succeeded ?? 0, pods.filter((p) => p.status?.phase === 'Succeeded').length);
    }

    let conditions = [...(job.status?.conditions ?? [])];
    let startTime = job.status?.startTime;
    if (spec.suspend) {
      if (!conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) this.deps.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
      conditions = setCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowIso);
    } else {
      if (conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) {
        conditions = setCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowIso);
        this.deps.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
        startTime = nowIso;
      }
      startTime ??= nowIso;
    }

    let finish: Finish | undefined;
    const deadline = spec.activeDeadlineSeconds !== undefined && startTime && !spec.suspend ? Date.parse(startTime) + spec.activeDeadlineSeconds * 1000 : undefined;
    if (failJob) finish = { type: 'Failed', reason: 'PodFailurePolicy', message: failJob };
    else if (failed + restarts > (spec.backoffLimit ?? 6)) finish = { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    else if (deadline !== undefined && now >= deadline) finish = { type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
    else if (completions !== undefined && completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0) {
      finish = { type: 'Complete', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    }

    let manageErr: unknown;
    let retryAfter: number | undefined;
    try {
      if (finish || spec.suspend) {
        await this.deletePods(key, job, active);
      } else if (this.expectations.satisfied(key)) {
        const wait = lastFailure > 0 ? lastFailure + Math.min(MAX_BACKOFF_MS, this.backoffBase * 2 ** Math.max(0, failed - 1)) - now : 0;
        retryAfter = indexed
          ? await this.manageIndexed(key, job, active, completed, wait)
          : await this.manageNonIndexed(key, job, active, succeeded, wait);
      }
    } catch (err) {
      manageErr = err;
    }

    if (finish) {
      conditions = setCondition(conditions, finish.type, 'True', finish.reason, finish.message, nowIso);
      this.deps.recorder.event(job, finish.type === 'Complete' ? 'Normal' : 'Warning', finish.type === 'Complete' ? 'Completed' : finish.reason, finish.type === 'Complete' ? 'Job completed' : finish.message);
    }
    const ready = active.filter(isPodReady).length;
    const status: JobStatus = {
      ...(conditions.length ? { conditions } : {}),
      ...(startTime ? { startTime } : {}),
      ...(finish?.type === 'Complete' ? { completionTime: nowIso } : {}),
      ...(!finish && active.length ? { active: active.length } : {}),
      ...(succeeded ? { succeeded } : {}),
      ...(failed ? { failed } : {}),
      terminating: terminating.length + (finish || spec.suspend ? active.length : 0),
      ready: finish || spec.suspend ? 0 : ready,
      ...(indexed && completed.size ? { completedIndexes: formatIndexes(completed) } : {}),
      uncountedTerminatedPods: {},
    };
    await this.updateStatus(job, status);
    if (manageErr) throw manageErr;
    if (finish) {
      if (spec.ttlSecondsAfterFinished !== undefined) this.queue.addAfter(key, spec.ttlSecondsAfterFinished * 1000);
      return;
    }
    if (retryAfter !== undefined) this.queue.addAfter(key, Math.max(retryAfter, 1));
    if (deadline !== undefined) this.queue.addAfter(key, Math.max(deadline - now, 1));
  }

  /** manageNonIndexed creates or deletes pods so that min(parallelism, remaining) are active; returns a delay when backoff holds creates. */
  private async manageNonIndexed(key: string, job: Readonly<Job>, active: readonly Readonly<Pod>[], succeeded: number, backoffWait: number): Promise<number | undefined> {
    const parallelism = job.spec.parallelism ?? 1;
    const completions = job.spec.completions;
    // A work queue (no completions) stops starting pods once one succeeded.
    const want = completions !== undefined && completions !== null ? Math.min(parallelism, Math.max(0, completions - succeeded)) : succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    const diff = want - active.length;
    if (diff < 0) {
      const victims = [...active].sort(deletionOrder).slice(0, -diff);
      await this.deletePods(key, job, victims);
      return undefined;
    }
    if (diff === 0) return undefined;
    if (backoffWait > 0) return backoffWait;
    await this.createPods(key, job, Array.from({ length: diff }, () => undefined));
    return undefined;
  }

  /** manageIndexed keeps one active pod per index not yet completed, at most parallelism. */
  private async manageIndexed(key: string, job: Readonly<Job>, active: readonly Readonly<Pod>[], completed: ReadonlySet<number>, backoffWait: number): Promise<number | undefined> {
    const completions = job.spec.completions ?? 0;
    const parallelism = job.spec.parallelism ?? 1;
    const byIndex = new Map<number, Readonly<Pod>>();
    const excess: Readonly<Pod>[] = [];
    for (const p of active) {
      const i = podCompletionIndex(p);
      if (i === undefined || i >= completions || completed.has(i) || byIndex.has(i)) excess.push(p);
      else byIndex.set(i, p);
    }
    // Over parallelism (it was lowered): drop the highest indexes.
    const kept = [...byIndex.keys()].sort((a, b) => a - b);
    while (kept.length > parallelism) excess.push(byIndex.get(kept.pop()!)!);
    if (excess.length) {
      await this.deletePods(key, job, excess);
      return undefined;
    }
    const missing: number[] = [];
    for (let i = 0; i < completions && kept.length + missing.length < parallelism; i++) if (!completed.has(i) && !byIndex.has(i)) missing.push(i);
    if (!missing.length) return undefined;
    if (backoffWait > 0) return backoffWait;
    await this.createPods(key, job, missing);
    return undefined;
  }

  private async createPods(key: string, job: Readonly<Job>, indexes: (number | undefined)[]): Promise<void> {
    const n = indexes.length;
    this.expectations.expectCreations(key, n);
    let next = 0;
    const { successes, error } = await slowStartBatch(n, 1, () => this.createPod(job, indexes[next++]));
    for (let i = successes; i < n; i++) this.expectations.creationObserved(key);
    if (error) throw error;
  }

  private async createPod(job: Readonly<Job>, index: number | undefined): Promise<void> {
    const tpl = job.spec.template;
    const labels = { ...(tpl.metadata?.labels ?? {}) };
    const annotations = { ...(tpl.metadata?.annotations ?? {}) };
    const spec = structuredClone(tpl.spec ?? { containers: [] }) as Pod['spec'];
    if (index !== undefined) {
      labels[JOB_LABELS.completionIndex] = String(index);
      annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
      const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } };
      const withIndex = (c: Container) => ({ ...c, env: [...(c.env ?? []).filter((e) => e.name !== env.name), env] });
      spec.containers = spec.containers.map(withIndex);
      if (spec.initContainers) spec.initContainers = spec.initContainers.map(withIndex);
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: index === undefined ? `${job.metadata.name}-` : `${job.metadata.name}-${index}-`,
        namespace: job.metadata.namespace,
        labels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
        ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')],
      },
      spec,
    };
    try {
      const created = await this.deps.client.create<Pod>(GVR.pods, job.metadata.namespace, pod);
      this.deps.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      if (isNamespaceTerminating(err)) return;
      this.deps.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deletePods(key: string, job: Readonly<Job>, victims: readonly Readonly<Pod>[]): Promise<void> {
    if (!victims.length) return;
    this.expectations.expectDeletions(key, victims.map(podKey));
    const errors: unknown[] = [];
    await Promise.all(
      victims.map(async (p) => {
        try {
          await this.deps.client.delete(GVR.pods, p.metadata.namespace, p.metadata.name!);
          this.deps.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key, podKey(p));
          if (!isNotFound(err)) errors.push(err);
        }
      }),
    );
    if (errors.length) throw errors[0];
  }

  /** expireIfDone deletes a finished Job once ttlSecondsAfterFinished has passed (the TTL-after-finished controller). */
  private async expireIfDone(key: string, job: Readonly<Job>): Promise<void> {
    const ttl = job.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || job.metadata.deletionTimestamp) return;
    const at = finishedAt(job);
    if (at === undefined || !Number.isFinite(at)) return;
    const left = at + ttl * 1000 - this.clock.now();
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    try {
      await this.deps.client.delete(GVR.jobs, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private async updateStatus(job: Readonly<Job>, status: JobStatus): Promise<void> {
    if (JSON.stringify(job.status ?? {}) === JSON.stringify(status)) return;
    let base: Readonly<Job> = job;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.client.updateStatus<Job>(GVR.jobs, job.metadata.namespace, { ...(base as Job), status });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt > 0) throw err;
        base = await this.deps.client.get<Job>(GVR.jobs, job.metadata.namespace, job.metadata.name!);
      }
    }
  }
}

/** podFinishedAt is the latest container finish time of a terminated pod (ms), 0 if unknown. */
function podFinishedAt(p: Readonly<Pod>): number {
  let t = 0;
  for (const cs of p.status?.containerStatuses ?? []) {
    const at = cs.state?.terminated?.finishedAt ? Date.parse(cs.state.terminated.finishedAt) : NaN;
    if (Number.isFinite(at)) t = Math.max(t, at);
  }
  return t;
}

/** deletionOrder: not-ready before ready, then newest first (Kubernetes' ActivePods ranking, simplified). */
function deletionOrder(a: Readonly<Pod>, b: Readonly<Pod>): number {
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  return Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '') || 0;
}
