/**
 * assembleTimeline turns what the API server knows of an object and its
 * relatives (each one's stored revisions, the Events about them, the
 * revision ring's record of who wrote each revision and which watches got
 * it) into the steps of the control loop, in store-revision order, each
 * with its component, its time since the first request, the fields it
 * changed and the stage of the loop it is. Pure: the gathering is in
 * ./timeline-source.ts.
 */
import jsonpatch from 'fast-json-patch';
import type { KubeObject } from '../../../shared/api/meta';
import type { Event, Pod } from '../../../shared/api/core';
import type { DeliveryLatency, FieldChange, FlowComponent, Stage, Timeline, TimelineObjectRef, TimelineStep } from '../../../shared/api/timeline';
import type { RevisionRecord } from './revision-ring';

/** StoredRevision is one write of an object: its value after the write (the last value for a delete). */
export interface StoredRevision {
  revision: number;
  type: 'create' | 'update' | 'delete';
  object: KubeObject;
}

/** ObjectHistory is one object's writes, in revision order. */
export interface ObjectHistory {
  ref: TimelineObjectRef;
  revisions: StoredRevision[];
  /** Only writes up to this revision count (an owner's, up to its dependent's creation). */
  upTo?: number;
  /**
   * For an owner: the name of its dependent on the timeline. Only the owner's
   * Events that name it are kept ("Created pod: web-1", "Scaled up replica
   * set web-abc"), not those about its other dependents.
   */
  dependent?: string;
  /** Revisions left out between the first (kept) and the rest (see MAX_REVISIONS_PER_OBJECT). */
  omitted?: number;
}

/** MAX_REVISIONS_PER_OBJECT bounds one object's writes on a timeline: its first and its latest (a Node or Lease is written every few seconds). */
export const MAX_REVISIONS_PER_OBJECT = 200;

/** boundRevisions keeps an object's first write and its latest ones, at most MAX_REVISIONS_PER_OBJECT in all. */
export function boundRevisions(revisions: StoredRevision[]): { revisions: StoredRevision[]; omitted: number } {
  if (revisions.length <= MAX_REVISIONS_PER_OBJECT) return { revisions, omitted: 0 };
  const omitted = revisions.length - MAX_REVISIONS_PER_OBJECT;
  return { revisions: [revisions[0]!, ...revisions.slice(omitted + 1)], omitted };
}

export interface AssemblyInput {
  subject: TimelineObjectRef;
  /** Owners root first, then the subject, then its dependents. */
  histories: ObjectHistory[];
  /** Events whose involvedObject is one of the objects. */
  events: readonly Event[];
  ring: { get(revision: number): Readonly<RevisionRecord> | undefined };
  /** The store revision everything was read at. */
  revision: number;
  compactedBefore?: number;
}

/** MAX_CHANGES bounds the fields listed for one write (a create of a big object is not listed at all). */
const MAX_CHANGES = 40;

/** actorOf places a user or event source on the flow diagram. */
export function actorOf(component: string): FlowComponent {
  if (component === 'default-scheduler') return 'scheduler';
  if (component === 'kubelet' || component.startsWith('kubelet/')) return 'kubelet';
  if (/controller|garbage-collector|autoscaler|kube-controller-manager/.test(component)) return 'controllers';
  return 'client';
}

/** stripVolatile drops the fields every write changes and nobody reads in a diff. */
function stripVolatile(o: KubeObject): KubeObject {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** listKey is the field list items are matched by (conditions by type, containers by name), when every item has a distinct one. */
function listKey(items: unknown[]): 'type' | 'name' | undefined {
  for (const k of ['type', 'name'] as const) {
    const keys = items.map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? (i as Record<string, unknown>)[k] : undefined));
    if (keys.length > 0 && keys.every((x) => typeof x === 'string') && new Set(keys).size === keys.length) return k;
  }
  return undefined;
}

/**
 * keyedLists turns lists whose items carry a distinct type or name into
 * objects keyed by it, so a diff says `/status/conditions/Ready/status`
 * rather than which index moved.
 */
function keyedLists(v: unknown, originals: WeakMap<object, unknown>): unknown {
  if (Array.isArray(v)) {
    const k = listKey(v);
    if (!k) return v.map((i) => keyedLists(i, originals));
    const keyed = Object.fromEntries(v.map((i) => [(i as Record<string, string>)[k], keyedLists(i, originals)]));
    originals.set(keyed, v);
    return keyed;
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keyedLists(x, originals)]));
  return v;
}

/** unkeyed gives a value of a keyedLists result back its lists, for display. */
function unkeyed(v: unknown, originals: WeakMap<object, unknown>): unknown {
  if (!v || typeof v !== 'object') return v;
  const o = originals.get(v);
  if (o !== undefined) return o;
  if (Array.isArray(v)) return v.map((i) => unkeyed(i, originals));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unkeyed(x, originals)]));
}

/**
 * fieldChanges lists the fields a write changed, as JSON pointer paths with
 * old and new values; list items with a distinct type or name are matched
 * by it and named by it in the path.
 */
export function fieldChanges(before: KubeObject, after: KubeObject): FieldChange[] {
  const originals = new WeakMap<object, unknown>();
  const a = keyedLists(stripVolatile(before), originals) as KubeObject;
  const b = keyedLists(stripVolatile(after), originals) as KubeObject;
  const ops = jsonpatch.compare(a, b);
  const out: FieldChange[] = [];
  const from = (path: string) => unkeyed(jsonpatch.getValueByPointer(a, path), originals);
  const to = (path: string) => unkeyed(jsonpatch.getValueByPointer(b, path), originals);
  for (const op of ops.slice(0, MAX_CHANGES)) {
    if (op.op === 'add') out.push({ path: op.path, op: 'add', to: to(op.path) });
    else if (op.op === 'remove') out.push({ path: op.path, op: 'remove', from: from(op.path) });
    else if (op.op === 'replace') out.push({ path: op.path, op: 'replace', from: from(op.path), to: to(op.path) });
  }
  // compare lists in reverse path order for arrays; read top-down.
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** containerSummary says what a pod's containers are doing ("c running", "c waiting: ContainerCreating"). */
function containerSummary(pod: Pod): string {
  const parts = (pod.status?.containerStatuses ?? []).map((c) => {
    const s = c.state ?? {};
    if (s.running) return `${c.name} running`;
    if (s.terminated) return `${c.name} terminated: ${s.terminated.reason ?? s.terminated.exitCode}`;
    if (s.waiting) return `${c.name} waiting${s.waiting.reason ? `: ${s.waiting.reason}` : ''}`;
    return c.name;
  });
  return parts.join(', ');
}

interface WriteContext {
  ref: TimelineObjectRef;
  rev: StoredRevision;
  before: KubeObject | undefined;
  component: string;
  subresource: string | undefined;
  /** The object is the first of the timeline (no owner in it). */
  root: boolean;
}

/** classifyWrite gives a write its stage and title. */
export function classifyWrite(w: WriteContext): { stage: Stage; title: string } {
  const { ref, rev, component, subresource } = w;
  const what = `${ref.kind} ${ref.name}`;
  if (rev.type === 'delete') return { stage: 2, title: `${component} deleted ${what}` };
  if (ref.kind === 'Pod') {
    const pod = rev.object as Pod;
    if (rev.type === 'create') return { stage: 4, title: `${component} created ${what} (unscheduled)` };
    if (subresource === 'binding' || (!(w.before as Pod | undefined)?.spec?.nodeName && pod.spec?.nodeName)) {
      return { stage: 6, title: `${component} bound ${what} to node ${pod.spec?.nodeName ?? '?'}` };
    }
    if (actorOf(component) === 'kubelet') {
      const phase = pod.status?.phase ?? 'Pending';
      const was = (w.before as Pod | undefined)?.status?.phase;
      const containers = containerSummary(pod);
      const title = `${component} reported ${what} ${phase}${containers ? ` (${containers})` : ''}`;
      return { stage: phase === 'Running' && was !== 'Running' ? 8 : 7, title };
    }
  }
  const verb = rev.type === 'create' ? 'created' : subresource === 'status' ? 'updated the status of' : 'updated';
  if (w.root && actorOf(component) === 'client') return { stage: 1, title: `${component} ${verb} ${what}` };
  return { stage: actorOf(component) === 'client' ? 1 : 3, title: `${component} ${verb} ${what}` };
}

/** EVENT_STAGES places an Event's reason in the loop. */
const EVENT_STAGES: Record<string, Stage> = {
  Scheduled: 5,
  FailedScheduling: 5,
  Pulling: 7,
  Pulled: 7,
  Created: 7,
  Started: 7,
  Failed: 7,
  BackOff: 7,
  Unhealthy: 7,
  Killing: 7,
};

/** eventComponent names an Event's reporter as the audit log names it (`kubelet/<node>`). */
function eventComponent(ev: Event): string {
  const c = ev.source?.component ?? ev.reportingComponent ?? 'unknown';
  return c === 'kubelet' && ev.source?.host ? `kubelet/${ev.source.host}` : c;
}

function timeOf(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function deliveriesOf(rec: Readonly<RevisionRecord> | undefined): DeliveryLatency[] | undefined {
  if (!rec || rec.deliveries.length === 0) return undefined;
  const base = rec.committedAt;
  if (base === undefined) return undefined;
  return rec.deliveries.map((d) => ({ watcher: d.watcher, latencyMs: Math.max(0, d.at - base) }));
}

/** namesObject says whether a message names an object (as a whole word: "web-1" is not in "web-10"). */
export function namesObject(message: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9.-])${escaped}($|[^a-z0-9-])`).test(message);
}

/** assembleTimeline builds the Timeline from the gathered histories, Events and ring. */
export function assembleTimeline(input: AssemblyInput): Timeline {
  type Draft = Omit<TimelineStep, 'sinceStartMs'>;
  const drafts: Draft[] = [];
  const byUid = new Map<string, ObjectHistory>();
  for (const h of input.histories) if (h.ref.uid) byUid.set(h.ref.uid, h);

  input.histories.forEach((h, i) => {
    let before: KubeObject | undefined;
    h.revisions.forEach((rev, j) => {
      if (h.upTo !== undefined && rev.revision > h.upTo) return;
      // After a gap of omitted writes there is no previous revision to diff against.
      if (j === 1 && h.omitted) before = undefined;
      const rec = input.ring.get(rev.revision);
      const component = rec?.writer ?? 'unknown';
      const subresource = rec?.subresource;
      const { stage, title } = classifyWrite({ ref: h.ref, rev, before, component, subresource, root: i === 0 });
      const at = rec?.committedAt ?? rec?.requestReceivedAt ?? timeOf(rev.object.metadata.creationTimestamp) ?? 0;
      const step: Draft = {
        revision: rev.revision,
        source: 'write',
        object: h.ref,
        component,
        actor: actorOf(component),
        stage,
        title,
        type: rev.type,
        at,
      };
      // POST pods/binding answers a Status, so its audit Event carries no revision to match: its verb is create all the same.
      const verb = rec?.verb ?? (subresource === 'binding' ? 'create' : undefined);
      if (verb) step.verb = verb;
      if (subresource) step.subresource = subresource;
      if (rec?.requestReceivedAt !== undefined) step.requestReceivedAt = rec.requestReceivedAt;
      if (before && rev.type === 'update') step.changes = fieldChanges(before, rev.object);
      const deliveries = deliveriesOf(rec);
      if (deliveries) step.deliveries = deliveries;
      drafts.push(step);
      before = rev.object;
    });
  });

  for (const ev of input.events) {
    const h = byUid.get(ev.involvedObject.uid ?? '');
    if (!h || (h.dependent !== undefined && !namesObject(ev.message ?? '', h.dependent))) continue;
    const ref = h.ref;
    const revision = Number(ev.metadata.resourceVersion ?? 0);
    const rec = input.ring.get(revision);
    const component = eventComponent(ev);
    const at = rec?.committedAt ?? timeOf(ev.eventTime) ?? timeOf(ev.lastTimestamp) ?? timeOf(ev.firstTimestamp) ?? timeOf(ev.metadata.creationTimestamp) ?? 0;
    const stage = EVENT_STAGES[ev.reason ?? ''] ?? (actorOf(component) === 'kubelet' ? 7 : 3);
    drafts.push({
      revision,
      source: 'event',
      object: ref,
      component,
      actor: actorOf(component),
      stage,
      title: `${component}: ${ev.reason ?? 'Event'}${ev.message ? ` — ${ev.message}` : ''}`,
      at,
      ...(ev.reason ? { reason: ev.reason } : {}),
      ...(ev.message ? { message: ev.message } : {}),
      ...(ev.type ? { eventType: ev.type } : {}),
    });
  }

  drafts.sort((a, b) => a.revision - b.revision || (a.source === b.source ? 0 : a.source === 'write' ? -1 : 1));
  const omitted = input.histories.reduce((n, h) => n + (h.omitted ?? 0), 0);
  const first = drafts[0];
  const start = first ? (first.requestReceivedAt ?? first.at) : 0;
  const steps: TimelineStep[] = drafts.map((d) => ({ ...d, sinceStartMs: Math.max(0, d.at - start) }));
  return {
    kind: 'Timeline',
    apiVersion: 'kubedeck.io/v1',
    object: input.subject,
    objects: input.histories.map((h) => h.ref),
    start,
    steps,
    revision: input.revision,
    ...(omitted > 0 ? { omittedWrites: omitted } : {}),
    ...(input.compactedBefore !== undefined ? { compactedBefore: input.compactedBefore } : {}),
  };
}
