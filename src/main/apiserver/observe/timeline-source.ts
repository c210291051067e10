/**
 * Gathers what an object's timeline is made of: the object, its owners up
 * the controller chain (Pod → ReplicaSet → Deployment) and its dependents
 * down it, each one's stored revisions (replayed from the store's history,
 * as a watch from the object's creation would see them), and the Events
 * about any of them. ./timeline-assembly.ts turns that into steps.
 */
import type { Event } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';
import type { Timeline, TimelineObjectRef } from '../../../shared/api/timeline';
import { CompactedError, type Store, type StoreEvent } from '../../storage/types';
import { notFound } from '../status';
import type { Registry, Resource } from '../registry/types';
import { assembleTimeline, boundRevisions, type ObjectHistory, type StoredRevision } from './timeline-assembly';
import type { RevisionRing } from './revision-ring';

export interface TimelineSourceDeps {
  store: Store;
  registry: Registry;
  ring: RevisionRing;
}

/** MAX_OBJECTS bounds the relatives a timeline follows. */
const MAX_OBJECTS = 24;
/** HISTORY_DEADLINE_MS bounds one history replay. */
const HISTORY_DEADLINE_MS = 5_000;
/** Kinds whose objects may be dependents, in the order they are looked for. */
const DEPENDENT_RESOURCES: readonly [string, string][] = [
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['', 'pods'],
];

/** storeKey is the store key of an object (GenericResource's layout). */
export function storeKey(info: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string | undefined, name: string): string {
  const base = `/registry/${info.group || 'core'}/${info.resource}/`;
  return info.namespaced && namespace ? `${base}${namespace}/${name}` : `${base}${name}`;
}

function findServed(registry: Registry, group: string, resource: string): Resource | undefined {
  return registry.resources().find((r) => r.info.group === group && r.info.resource === resource);
}

function refOf(r: Resource, o: KubeObject): TimelineObjectRef {
  return {
    group: r.info.group,
    resource: r.info.resource,
    kind: r.info.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name ?? '',
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
  };
}

function controllerOf(o: KubeObject) {
  return o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
}

/**
 * readHistory replays key's writes from the store, from `after` up to and
 * including `upto` (the key's current revision): a watch on the key's
 * prefix from its creation, keeping the key's own events. Compacted history
 * starts at the compacted revision instead.
 */
export async function readHistory(store: Store, key: string, after: number, upto: number): Promise<{ events: StoreEvent[]; compactedBefore?: number }> {
  const compacted = await store.compactedRevision();
  const from = Math.max(after, compacted);
  if (upto <= from) return { events: [], ...(from > after ? { compactedBefore: from } : {}) };
  const events: StoreEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.close();
      resolve();
    }, HISTORY_DEADLINE_MS);
    const done = (err?: Error) => {
      clearTimeout(timer);
      watcher.close();
      if (err && !(err instanceof CompactedError)) reject(err);
      else resolve();
    };
    const watcher = store.watch(key, from, {
      onEvents(batch) {
        for (const e of batch) {
          if (e.kv.modRevision > upto) return done();
          if (e.kv.key === key) events.push(e);
          if (e.kv.modRevision === upto) return done();
        }
      },
      onError: (err) => done(err),
    });
  });
  return { events, ...(from > after ? { compactedBefore: from } : {}) };
}

function decode(kv: { value: string; modRevision: number }): KubeObject {
  const o = JSON.parse(kv.value) as KubeObject;
  o.metadata = { ...o.metadata, resourceVersion: String(kv.modRevision) };
  return o;
}

/**
 * TimelineSource answers timeline requests from the registry (objects,
 * Events), the store (history) and the revision ring (who and when).
 */
export class TimelineSource {
  constructor(private readonly deps: TimelineSourceDeps) {}

  /** timeline returns the Timeline of one object; 404 when it does not exist. */
  async timeline(group: string, resource: string, namespace: string | undefined, name: string): Promise<Timeline> {
    const { registry, store } = this.deps;
    const revision = await store.currentRevision();
    const r = findServed(registry, group, resource);
    if (!r) throw notFound({ group, resource }, name);
    const ns = r.info.namespaced ? namespace : undefined;
    const subject = await r.get(ns, name);

    // Up the controller chain, then down from the subject.
    const owners: { r: Resource; o: KubeObject }[] = [];
    let cur = subject;
    while (owners.length < 4) {
      const ref = controllerOf(cur);
      if (!ref) break;
      const or = registry.resources().find((x) => x.info.kind === ref.kind && (x.info.group ? `${x.info.group}/${x.info.version}` : x.info.version) === ref.apiVersion);
      if (!or) break;
      const owner = await or.get(ns, ref.name).catch(() => undefined);
      if (!owner || owner.metadata.uid !== ref.uid) break;
      owners.unshift({ r: or, o: owner });
      cur = owner;
    }
    const dependents = await this.dependents(ns, subject);

    const chain = [...owners, { r, o: subject }, ...dependents];
    const histories: ObjectHistory[] = [];
    let compactedBefore: number | undefined;
    for (let i = 0; i < chain.length; i++) {
      const { r: cr, o } = chain[i]!;
      const key = storeKey(cr.info, o.metadata.namespace, o.metadata.name ?? '');
      const kv = await store.get(key);
      if (!kv) continue;
      const h = await readHistory(store, key, kv.createRevision - 1, kv.modRevision);
      if (h.compactedBefore !== undefined) compactedBefore = Math.max(compactedBefore ?? 0, h.compactedBefore);
      const all: StoredRevision[] = h.events.map((e) => ({ revision: e.kv.modRevision, type: e.type, object: decode(e.kv) }));
      const { revisions, omitted } = boundRevisions(all);
      const history: ObjectHistory = { ref: refOf(cr, o), revisions, ...(omitted ? { omitted } : {}) };
      // An owner's writes count up to its dependent's creation: those are the ones that led to it.
      if (i < owners.length) {
        const child = chain[i + 1]!.o;
        const childKv = await store.get(storeKey(chain[i + 1]!.r.info, child.metadata.namespace, child.metadata.name ?? ''));
        if (childKv) history.upTo = childKv.createRevision;
        history.dependent = child.metadata.name ?? '';
      }
      histories.push(history);
    }
    const uids = new Set(histories.map((h) => h.ref.uid).filter((u): u is string => Boolean(u)));
    const events = await this.eventsAbout(ns, uids);
    return assembleTimeline({
      subject: refOf(r, subject),
      histories,
      events,
      ring: this.deps.ring,
      revision,
      ...(compactedBefore !== undefined ? { compactedBefore } : {}),
    });
  }

  /** dependents lists the objects controlled by subject, and theirs (ReplicaSets, Jobs, Pods), bounded. */
  private async dependents(ns: string | undefined, subject: KubeObject): Promise<{ r: Resource; o: KubeObject }[]> {
    if (!ns) return [];
    const out: { r: Resource; o: KubeObject }[] = [];
    let owners = new Set([subject.metadata.uid]);
    for (const [group, resource] of DEPENDENT_RESOURCES) {
      const r = findServed(this.deps.registry, group, resource);
      if (!r || owners.size === 0) continue;
      const list = await r.list(ns, {});
      const found = list.items.filter((o) => owners.has(controllerOf(o)?.uid));
      found.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      for (const o of found.slice(0, MAX_OBJECTS - out.length)) out.push({ r, o });
      // Pods may belong to the subject or to any dependent found so far.
      owners = new Set([subject.metadata.uid, ...out.map((d) => d.o.metadata.uid)]);
    }
    return out;
  }

  /** eventsAbout lists the namespace's Events about the given objects. */
  private async eventsAbout(ns: string | undefined, uids: Set<string>): Promise<Event[]> {
    const r = findServed(this.deps.registry, '', 'events');
    if (!r || uids.size === 0) return [];
    const list = await r.list(ns, {});
    return (list.items as Event[]).filter((e) => uids.has(e.involvedObject?.uid ?? ''));
  }
}
