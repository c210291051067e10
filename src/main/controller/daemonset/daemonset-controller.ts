/**
 * The DaemonSet controller: one pod per node that should run it (node
 * selector, required node affinity, taints against the pod's tolerations plus
 * the daemon ones). Each pod is pinned to its node by node affinity and bound
 * by the scheduler, as in Kubernetes. Nodes joining get a pod, nodes leaving
 * the selection lose it, failed pods are replaced; a RollingUpdate replaces
 * pods of an older template at most maxUnavailable at a time. Handlers only
 * enqueue; sync converges.
 */
import type { DaemonSet, DaemonSetStatus } from '../../../shared/api/apps';
import type { Node, Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { GVR } from '../../../shared/api/resources';
import { isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { isNamespaceTerminating } from '../../client/api-errors';
import { Expectations } from '../common/expectations';
import { controllerRef, resolveControllerRef, isPodActive, isPodAvailable, isPodReady, newControllerRef, podKey } from '../common/pod-util';
import { runWorkers } from '../../client/worker';
import { computeHash } from '../deployment/template-hash';
import type { EventRecorder } from '../../client/event-recorder';
import { slowStartBatch } from '../replicaset/replicaset-controller';
import { daemonPodNode, nodeShouldRunDaemonPod, pinToNode, withDaemonTolerations } from './node-placement';

/** CONTROLLER_REVISION_HASH labels daemon pods with their template's hash (Kubernetes' controller-revision-hash). */
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
/** POD_TEMPLATE_GENERATION labels daemon pods with the DaemonSet's generation (the legacy label). */
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

export interface DaemonSetControllerDeps {
  client: ApiClient;
  dsInformer: Informer<DaemonSet>;
  podInformer: Informer<Pod>;
  nodeInformer: Informer<Node>;
  recorder: EventRecorder;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

/** resolveMaxUnavailable turns maxUnavailable (count or percent, rounded up) into a count, at least 1. */
export function resolveMaxUnavailable(v: number | string | undefined, desired: number): number {
  if (v === undefined) return 1;
  const n = typeof v === 'number' ? v : /^\d+%$/.test(v) ? Math.ceil((Number(v.slice(0, -1)) * desired) / 100) : Number(v);
  return Number.isFinite(n) ? Math.max(1, n) : 1;
}

/** DaemonSetController reconciles DaemonSets. */
export class DaemonSetController {
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly clock: Clock;

  constructor(private readonly deps: DaemonSetControllerDeps) {
    this.clock = deps.clock ?? realClock;
    this.queue = new WorkQueue<string>({ name: 'daemonset', clock: this.clock });
    this.expectations = new Expectations(this.clock);
    deps.dsInformer.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_o, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d),
    });
    deps.podInformer.addEventHandler({
      onAdd: (p) => (p.metadata.deletionTimestamp ? this.deletePod(p) : this.addPod(p)),
      onUpdate: (o, p) => this.updatePod(o, p),
      onDelete: (p) => this.deletePod(p),
    });
    // A node that comes, goes or changes labels/taints may change where every DaemonSet belongs.
    deps.nodeInformer.addEventHandler({
      onAdd: () => this.enqueueAll(),
      onUpdate: (o, n) => {
        if (JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(n.metadata.labels ?? {}) || JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(n.spec?.taints ?? [])) this.enqueueAll();
      },
      onDelete: () => this.enqueueAll(),
    });
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 2): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private enqueue(ds: Readonly<KubeObject>): void {
    this.queue.add(objectKey(ds));
  }

  private enqueueAll(): void {
    for (const ds of this.deps.dsInformer.lister.list(undefined)) this.enqueue(ds);
  }

  private resolveRef(pod: Readonly<Pod>): Readonly<DaemonSet> | undefined {
    return resolveControllerRef(pod, 'DaemonSet', this.deps.dsInformer.lister);
  }

  private addPod(pod: Readonly<Pod>): void {
    const ds = this.resolveRef(pod);
    if (!ds) return;
    this.expectations.creationObserved(objectKey(ds));
    this.enqueue(ds);
  }

  private updatePod(old: Readonly<Pod>, cur: Readonly<Pod>): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) return this.deletePod(cur);
    const ds = this.resolveRef(cur);
    if (!ds) return;
    this.enqueue(ds);
    const mrs = ds.spec.minReadySeconds ?? 0;
    if (!isPodReady(old) && isPodReady(cur) && mrs > 0) this.queue.addAfter(objectKey(ds), mrs * 1000);
  }

  private deletePod(pod: Readonly<Pod>): void {
    const ds = this.resolveRef(pod);
    if (!ds) return;
    this.expectations.deletionObserved(objectKey(ds), podKey(pod));
    this.enqueue(ds);
  }

  /** sync converges one DaemonSet (key `namespace/name`): a pod on each node that should run one, none elsewhere. */
  async sync(key: string): Promise<void> {
    const ds = this.deps.dsInformer.lister.getByKey(key);
    if (!ds) {
      this.expectations.delete(key);
      return;
    }
    const hash = computeHash(ds.spec.template);
    const nodes = this.deps.nodeInformer.lister.list(undefined);
    const pods = this.deps.podInformer.lister.list(ds.metadata.namespace, (p) => controllerRef(p)?.uid === ds.metadata.uid && !p.metadata.deletionTimestamp);
    const byNode = new Map<string, Readonly<Pod>[]>();
    for (const p of pods) {
      const n = daemonPodNode(p);
      if (n === undefined) continue;
      const list = byNode.get(n) ?? [];
      list.push(p);
      byNode.set(n, list);
    }

    const create: string[] = [];
    const remove: Readonly<Pod>[] = [];
    const wanted = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name!;
      const should = nodeShouldRunDaemonPod(node, ds.spec.template);
      const here = byNode.get(name) ?? [];
      if (!should) {
        remove.push(...here);
        continue;
      }
      wanted.add(name);
      // A failed daemon pod is deleted and replaced, as Kubernetes does.
      remove.push(...here.filter((p) => p.status?.phase === 'Failed'));
      const live = here.filter((p) => isPodActive(p)).sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
      if (live.length === 0) {
        if (!here.some((p) => p.status?.phase === 'Succeeded')) create.push(name);
      } else if (live.length > 1) {
        remove.push(...live.slice(1));
      }
    }
    // Pods pinned to nodes that no longer exist.
    for (const [name, list] of byNode) if (!nodes.some((n) => n.metadata.name === name)) remove.push(...list);

    let manageErr: unknown;
    if (this.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
      try {
        const rolling = remove.length || create.length ? [] : this.rollingUpdateVictims(ds, hash, wanted, byNode);
        await this.manage(key, ds, hash, create, [...remove, ...rolling]);
      } catch (err) {
        manageErr = err;
      }
    }
    await this.updateStatus(ds, this.calculateStatus(ds, hash, wanted, byNode, nodes));
    if (manageErr) throw manageErr;
  }

  /** rollingUpdateVictims picks old-template pods to delete so that at most maxUnavailable nodes lack an available pod. */
  private rollingUpdateVictims(ds: Readonly<DaemonSet>, hash: string, wanted: ReadonlySet<string>, byNode: ReadonlyMap<string, Readonly<Pod>[]>): Readonly<Pod>[] {
    if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return [];
    const now = this.clock.now();
    const mrs = ds.spec.minReadySeconds ?? 0;
    const maxUnavailable = resolveMaxUnavailable(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, wanted.size);
    let unavailable = 0;
    const oldAvailable: Readonly<Pod>[] = [];
    const oldUnavailable: Readonly<Pod>[] = [];
    for (const name of wanted) {
      const pod = (byNode.get(name) ?? []).find(isPodActive);
      if (!pod) {
        unavailable++;
        continue;
      }
      const available = isPodAvailable(pod, mrs, now);
      if (!available) unavailable++;
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash) continue;
      (available ? oldAvailable : oldUnavailable).push(pod);
    }
    // Old pods that are not available anyway go first; then as many available ones as the budget allows.
    return [...oldUnavailable, ...oldAvailable.slice(0, Math.max(0, maxUnavailable - unavailable))];
  }

  private async manage(key: string, ds: Readonly<DaemonSet>, hash: string, create: string[], remove: Readonly<Pod>[]): Promise<void> {
    const victims = [...new Map(remove.map((p) => [podKey(p), p])).values()];
    if (victims.length) {
      this.expectations.expectDeletions(key, victims.map(podKey));
      const errors: unknown[] = [];
      await Promise.all(
        victims.map(async (p) => {
          try {
            await this.deps.client.delete(GVR.pods, p.metadata.namespace, p.metadata.name!);
            this.deps.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
          } catch (err) {
            this.expectations.deletionObserved(key, podKey(p));
            if (!isNotFound(err)) errors.push(err);
          }
        }),
      );
      if (errors.length) throw errors[0];
      return;
    }
    if (!create.length) return;
    this.expectations.expectCreations(key, create.length);
    let next = 0;
    const { successes, error } = await slowStartBatch(create.length, 1, () => this.createPod(ds, hash, create[next++]!));
    for (let i = successes; i < create.length; i++) this.expectations.creationObserved(key);
    if (error) throw error;
  }

  private async createPod(ds: Readonly<DaemonSet>, hash: string, nodeName: string): Promise<void> {
    const tpl = ds.spec.template;
    const spec = structuredClone(tpl.spec ?? { containers: [] }) as Pod['spec'];
    pinToNode(spec, nodeName);
    spec.tolerations = withDaemonTolerations(spec.tolerations);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH]: hash, [POD_TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1) },
        ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      spec,
    };
    try {
      const created = await this.deps.client.create<Pod>(GVR.pods, ds.metadata.namespace, pod);
      this.deps.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      if (isNamespaceTerminating(err)) return;
      this.deps.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private calculateStatus(ds: Readonly<DaemonSet>, hash: string, wanted: ReadonlySet<string>, byNode: ReadonlyMap<string, Readonly<Pod>[]>, nodes: readonly Readonly<Node>[]): DaemonSetStatus {
    const now = this.clock.now();
    const mrs = ds.spec.minReadySeconds ?? 0;
    let current = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let misscheduled = 0;
    for (const node of nodes) {
      const name = node.metadata.name!;
      const pod = (byNode.get(name) ?? []).find(isPodActive);
      if (!pod) continue;
      if (!wanted.has(name)) {
        misscheduled++;
        continue;
      }
      current++;
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash) updated++;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, mrs, now)) available++;
      }
    }
    return {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: wanted.size,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      ...(wanted.size - available > 0 ? { numberUnavailable: wanted.size - available } : {}),
    };
  }

  private async updateStatus(ds: Readonly<DaemonSet>, status: DaemonSetStatus): Promise<void> {
    const cur = ds.status;
    const same = cur && (Object.keys(status) as (keyof DaemonSetStatus)[]).every((k) => cur[k] === status[k]) && cur.numberUnavailable === status.numberUnavailable;
    if (same) return;
    let base: Readonly<DaemonSet> = ds;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.client.updateStatus<DaemonSet>(GVR.daemonsets, ds.metadata.namespace, { ...(base as DaemonSet), status: { ...status, ...(cur?.conditions ? { conditions: cur.conditions } : {}) } });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt > 0) throw err;
        base = await this.deps.client.get<DaemonSet>(GVR.daemonsets, ds.metadata.namespace, ds.metadata.name!);
      }
    }
  }
}
