/**
 * events.k8s.io/v1 Events, served beside core/v1 over the same stored
 * objects, as Kubernetes does: a view that converts each way (regarding ↔
 * involvedObject, note ↔ message, reportingController ↔ reportingComponent,
 * deprecatedSource/FirstTimestamp/LastTimestamp/Count ↔ source/firstTimestamp/
 * lastTimestamp/count) around the core resource, which does all validation
 * and storage.
 */
import type { KubeList, KubeObject, Status, Table, WatchEvent } from '../../../../shared/api/meta';
import type { ResourceInfo } from '../../../../shared/api/resources';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../patch';
import { apiError, badRequest } from '../../status';
import type { ListOptions, PatchType, RegistryDeleteOptions, Resource, WatchOptions, WatchSink, WriteOptions } from '../types';

const API_VERSION = 'events.k8s.io/v1';

/** Field renames, core name → events.k8s.io/v1 name. */
const RENAMES: readonly [string, string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function rename(obj: Record<string, unknown>, pairs: readonly [string, string][], apiVersion: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map = new Map(pairs);
  for (const [k, v] of Object.entries(obj)) out[map.get(k) ?? k] = v;
  out.apiVersion = apiVersion;
  out.kind = 'Event';
  return out;
}

/** toEventsV1 converts a stored core/v1 Event to events.k8s.io/v1. */
export function toEventsV1(core: KubeObject): KubeObject {
  return rename(core as unknown as Record<string, unknown>, RENAMES, API_VERSION) as unknown as KubeObject;
}

/** fromEventsV1 converts an events.k8s.io/v1 Event body to core/v1 (400 unless it is an Event of this group, or unnamed). */
export function fromEventsV1(body: unknown): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body must be an events.k8s.io/v1 Event object');
  const b = body as Record<string, unknown>;
  if ((b.apiVersion !== undefined && b.apiVersion !== API_VERSION) || (b.kind !== undefined && b.kind !== 'Event')) {
    throw badRequest(`the API version in the data (${String(b.apiVersion)}) does not match the expected API version (${API_VERSION})`);
  }
  for (const [core] of RENAMES) {
    if (core in b) throw badRequest(`unknown field "${core}" in events.k8s.io/v1 Event`);
  }
  return rename(b, RENAMES.map(([c, v]) => [v, c]), 'v1') as unknown as KubeObject;
}

function isObject(v: KubeObject | Status): v is KubeObject {
  return (v as Status).kind !== 'Status';
}

/** EventsV1Resource is the events.k8s.io/v1 view of the core events resource. */
export class EventsV1Resource implements Resource {
  constructor(
    readonly info: ResourceInfo,
    private readonly core: Resource,
  ) {}

  async get(ns: string | undefined, name: string): Promise<KubeObject> {
    return toEventsV1(await this.core.get(ns, name));
  }

  async list(ns: string | undefined, opts: ListOptions): Promise<KubeList> {
    const l = await this.core.list(ns, opts);
    return { ...l, apiVersion: API_VERSION, kind: 'EventList', items: l.items.map(toEventsV1) };
  }

  async create(ns: string | undefined, obj: unknown, opts: WriteOptions): Promise<KubeObject> {
    return toEventsV1(await this.core.create(ns, fromEventsV1(obj), opts));
  }

  async update(ns: string | undefined, name: string, obj: unknown, opts: WriteOptions & { subresource?: string }): Promise<KubeObject> {
    if (opts.subresource) throw apiError(404, 'NotFound', `events.k8s.io events have no ${opts.subresource} subresource`);
    return toEventsV1(await this.core.update(ns, name, fromEventsV1(obj), opts));
  }

  /** patch applies the patch to the events.k8s.io form, then updates the core object at the resourceVersion it read. */
  async patch(ns: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions & { subresource?: string; force?: boolean }): Promise<KubeObject> {
    if (opts.subresource) throw apiError(404, 'NotFound', `events.k8s.io events have no ${opts.subresource} subresource`);
    const current = await this.get(ns, name);
    let patched: unknown;
    switch (type) {
      case 'application/merge-patch+json':
        patched = applyMergePatch(current, patch);
        break;
      case 'application/json-patch+json':
        patched = applyJsonPatch(current, patch);
        break;
      case 'application/strategic-merge-patch+json':
        patched = applyStrategicMergePatch(current, patch, 'Event');
        break;
      default:
        throw apiError(415, 'UnsupportedMediaType', 'events.k8s.io/v1 events accept application/json-patch+json, application/merge-patch+json and application/strategic-merge-patch+json');
    }
    const core = fromEventsV1(patched);
    core.metadata = { ...core.metadata, resourceVersion: current.metadata.resourceVersion };
    return toEventsV1(await this.core.update(ns, name, core, opts));
  }

  async delete(ns: string | undefined, name: string, opts: RegistryDeleteOptions): Promise<KubeObject | Status> {
    const r = await this.core.delete(ns, name, opts);
    return isObject(r) ? toEventsV1(r) : r;
  }

  async deleteCollection(ns: string | undefined, list: ListOptions, opts: RegistryDeleteOptions): Promise<KubeList> {
    const l = await this.core.deleteCollection(ns, list, opts);
    return { ...l, apiVersion: API_VERSION, kind: 'EventList', items: l.items.map(toEventsV1) };
  }

  getSubresource(_ns: string | undefined, _name: string, sub: string): Promise<KubeObject> {
    return Promise.reject(apiError(404, 'NotFound', `events.k8s.io events have no ${sub} subresource`));
  }

  createSubresource(_ns: string | undefined, _name: string, sub: string): Promise<KubeObject | Status> {
    return Promise.reject(apiError(404, 'NotFound', `events.k8s.io events have no ${sub} subresource`));
  }

  watch(ns: string | undefined, opts: WatchOptions, sink: WatchSink) {
    return this.core.watch(ns, opts, {
      event: (ev: WatchEvent) => sink.event(ev.type === 'ERROR' ? ev : { ...ev, object: toEventsV1(ev.object as KubeObject) }),
      close: () => sink.close(),
    });
  }

  /** toTable prints the core columns (what Kubernetes prints for both), carrying events.k8s.io objects. */
  toTable(objects: KubeObject[], listMeta: { resourceVersion?: string; continue?: string }, includeObject: 'None' | 'Metadata' | 'Object'): Table {
    const t = this.core.toTable(objects.map(fromEventsV1), listMeta, includeObject);
    if (includeObject === 'Object') t.rows = t.rows.map((r, i) => ({ ...r, object: objects[i]! }));
    return t;
  }
}
