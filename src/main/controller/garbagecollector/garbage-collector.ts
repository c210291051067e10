/**
 * The garbage collector: follows ownerReferences across every served
 * resource. Background: a dependent whose owners are all gone (404 or a
 * different uid) is deleted. Foreground: an owner being deleted with the
 * `foregroundDeletion` finalizer has its dependents deleted first, and loses
 * the finalizer once no dependent with blockOwnerDeletion remains. Orphan: an
 * owner with the `orphan` finalizer has its ownerReference removed from every
 * dependent, then loses the finalizer.
 */
import type { PauseGate } from '../../client/pause-gate';
import type { KubeObject, OwnerReference } from '../../../shared/api/meta';
import { findResourceByKind, RESOURCES, type ResourceInfo } from '../../../shared/api/resources';
import { isConflict, isNotFound } from '../../../shared/errors';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../client/clock';
import { runWorkers } from '../../client/worker';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/** Resources the GC does not follow: Events carry no ownerReferences and are many. */
const IGNORED = new Set(['events']);

export interface GarbageCollectorDeps {
  client: ApiClient;
  factory: SharedInformerFactory;
  clock?: Clock;
  resources?: readonly ResourceInfo[];
  onError?: (key: string, err: unknown) => void;
}

interface Node {
  res: ResourceInfo;
  namespace: string;
  name: string;
  uid: string;
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

const itemKey = (res: ResourceInfo, ns: string | undefined, name: string) => `${res.resource}|${ns ?? ''}|${name}`;

/** GarbageCollector deletes or orphans dependents according to ownerReferences and deletion finalizers. */
export class GarbageCollector {
  readonly queue: WorkQueue<string>;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private readonly byUid = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly deps: GarbageCollectorDeps) {
    this.queue = new WorkQueue<string>({ name: 'garbagecollector', clock: deps.clock });
    for (const res of deps.resources ?? RESOURCES) {
      if (IGNORED.has(res.resource) || !res.verbs.includes('watch')) continue;
      const inf = deps.factory.informerFor<KubeObject>(res);
      this.informers.set(res.resource, inf);
      inf.addEventHandler({
        onAdd: (o) => this.observe(res, undefined, o),
        onUpdate: (old, o) => this.observe(res, old, o),
        onDelete: (o) => this.forget(res, o),
      });
    }
  }

  /** run processes the queue with n workers until stop. */
  run(workers = 5, gate?: PauseGate): Promise<void> {
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  private observe(res: ResourceInfo, old: Readonly<KubeObject> | undefined, o: Readonly<KubeObject>): void {
    const key = itemKey(res, o.metadata.namespace, o.metadata.name!);
    const uid = o.metadata.uid!;
    this.byUid.set(uid, { res, namespace: o.metadata.namespace ?? '', name: o.metadata.name!, uid });
    for (const r of old?.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(key);
    for (const r of o.metadata.ownerReferences ?? []) {
      let s = this.dependents.get(r.uid);
      if (!s) this.dependents.set(r.uid, (s = new Set()));
      s.add(key);
    }
    const fin = o.metadata.finalizers ?? [];
    const interesting =
      (o.metadata.ownerReferences?.length ?? 0) > 0 || (o.metadata.deletionTimestamp && (fin.includes(FOREGROUND) || fin.includes(ORPHAN)));
    const changed =
      !old ||
      JSON.stringify(old.metadata.ownerReferences ?? []) !== JSON.stringify(o.metadata.ownerReferences ?? []) ||
      old.metadata.deletionTimestamp !== o.metadata.deletionTimestamp ||
      JSON.stringify(old.metadata.finalizers ?? []) !== JSON.stringify(fin);
    if (interesting && changed) this.queue.add(key);
    // An owner waiting in foreground deletion looks again whenever a dependent changes.
    if (changed && o.metadata.deletionTimestamp) this.enqueueOwners(o);
  }

  private forget(res: ResourceInfo, o: Readonly<KubeObject>): void {
    const key = itemKey(res, o.metadata.namespace, o.metadata.name!);
    const uid = o.metadata.uid!;
    if (this.byUid.get(uid)?.name === o.metadata.name) this.byUid.delete(uid);
    for (const r of o.metadata.ownerReferences ?? []) this.dependents.get(r.uid)?.delete(key);
    // Dependents of a deleted owner may now be garbage; owners waiting on it may finish.
    for (const dep of this.dependents.get(uid) ?? []) this.queue.add(dep);
    this.enqueueOwners(o);
  }

  private enqueueOwners(o: Readonly<KubeObject>): void {
    for (const r of o.metadata.ownerReferences ?? []) {
      const owner = this.byUid.get(r.uid);
      if (owner) this.queue.add(itemKey(owner.res, owner.namespace, owner.name));
    }
  }

  private lookup(key: string): { res: ResourceInfo; obj: Readonly<KubeObject> } | undefined {
    const [resource, ns, name] = key.split('|') as [string, string, string];
    const inf = this.informers.get(resource);
    if (!inf) return undefined;
    const obj = inf.lister.get(ns || undefined, name);
    const res = (this.deps.resources ?? RESOURCES).find((r) => r.resource === resource)!;
    return obj ? { res, obj } : undefined;
  }

  /** sync handles one object: finish its foreground/orphan deletion, or collect it if its owners are gone. */
  async sync(key: string): Promise<void> {
    const found = this.lookup(key);
    if (!found) return;
    const { res, obj } = found;
    const fin = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp) {
      if (fin.includes(ORPHAN)) {
        await this.orphanDependents(obj);
        await this.removeFinalizer(res, obj, ORPHAN);
      } else if (fin.includes(FOREGROUND)) {
        await this.foreground(res, obj);
      }
      return;
    }
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const states = await Promise.all(refs.map(async (r) => [r, await this.ownerState(r, obj.metadata.namespace)] as const));
    const solid = states.filter(([, s]) => s === 'solid');
    const dangling = states.filter(([, s]) => s === 'dangling').map(([r]) => r);
    const waiting = states.filter(([, s]) => s === 'waiting').map(([r]) => r);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Some owners remain: drop references to dead owners, and stop blocking owners that wait for us.
      const gone = new Set(dangling.map((r) => r.uid));
      const wait = new Set(waiting.map((r) => r.uid));
      const next = refs.filter((r) => !gone.has(r.uid)).map((r) => (wait.has(r.uid) ? { ...r, blockOwnerDeletion: false } : r));
      await this.patchOwners(res, obj, next);
      return;
    }
    // No owner remains: collect. Foreground if an owner waits for us and we have dependents of our own.
    const hasDependents = (this.dependents.get(obj.metadata.uid!)?.size ?? 0) > 0;
    const policy = waiting.length > 0 && hasDependents ? 'Foreground' : 'Background';
    await this.deleteObject(res, obj, policy);
  }

  private async ownerState(ref: OwnerReference, namespace: string | undefined): Promise<OwnerState> {
    const known = this.byUid.get(ref.uid);
    let owner: Readonly<KubeObject> | undefined;
    if (known) owner = this.informers.get(known.res.resource)?.lister.get(known.namespace || undefined, known.name);
    if (!owner || owner.metadata.uid !== ref.uid) {
      // The cache may lag behind a just-created owner: ask the API before calling it gone.
      const res = findResourceByKind(ref.apiVersion, ref.kind);
      if (!res) return 'solid'; // an owner kind we do not serve: leave the dependent alone
      try {
        owner = await this.deps.client.get(res, res.namespaced ? namespace : undefined, ref.name);
      } catch (err) {
        if (isNotFound(err)) return 'dangling';
        throw err;
      }
      if (owner.metadata.uid !== ref.uid) return 'dangling';
    }
    if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND)) return 'waiting';
    return 'solid';
  }

  private dependentsOf(owner: Readonly<KubeObject>): { res: ResourceInfo; obj: Readonly<KubeObject> }[] {
    const out: { res: ResourceInfo; obj: Readonly<KubeObject> }[] = [];
    for (const k of this.dependents.get(owner.metadata.uid!) ?? []) {
      const f = this.lookup(k);
      if (f && f.obj.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid)) out.push(f);
    }
    return out;
  }

  private async foreground(res: ResourceInfo, owner: Readonly<KubeObject>): Promise<void> {
    const deps = this.dependentsOf(owner);
    for (const d of deps) {
      if (d.obj.metadata.deletionTimestamp) continue;
      const ref = d.obj.metadata.ownerReferences!.find((r) => r.uid === owner.metadata.uid)!;
      await this.deleteObject(d.res, d.obj, ref.blockOwnerDeletion ? 'Foreground' : 'Background');
    }
    const blocking = deps.filter((d) => d.obj.metadata.ownerReferences!.some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion));
    if (blocking.length === 0) await this.removeFinalizer(res, owner, FOREGROUND);
  }

  private async orphanDependents(owner: Readonly<KubeObject>): Promise<void> {
    for (const d of this.dependentsOf(owner)) {
      await this.patchOwners(d.res, d.obj, (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid));
    }
  }

  private async patchOwners(res: ResourceInfo, obj: Readonly<KubeObject>, refs: OwnerReference[]): Promise<void> {
    try {
      await this.deps.client.patch(res, obj.metadata.namespace, obj.metadata.name!, 'application/merge-patch+json', {
        metadata: { ownerReferences: refs.length > 0 ? refs : null, resourceVersion: obj.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err; // a conflict retries with the fresh object
    }
  }

  private async removeFinalizer(res: ResourceInfo, obj: Readonly<KubeObject>, finalizer: string): Promise<void> {
    const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    try {
      await this.deps.client.patch(res, obj.metadata.namespace, obj.metadata.name!, 'application/merge-patch+json', {
        metadata: { finalizers: rest.length > 0 ? rest : null, resourceVersion: obj.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  private async deleteObject(res: ResourceInfo, obj: Readonly<KubeObject>, policy: 'Foreground' | 'Background'): Promise<void> {
    try {
      await this.deps.client.delete(res, obj.metadata.namespace, obj.metadata.name!, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: policy,
        preconditions: { uid: obj.metadata.uid },
      });
    } catch (err) {
      // Gone already, or replaced by a new object of the same name (uid precondition): nothing to collect.
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }
}
