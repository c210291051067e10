/**
 * FieldManager keeps metadata.managedFields for one kind, as Kubernetes'
 * fieldmanager does over structured-merge-diff:
 * - recordUpdate: a create, update or patch (operation Update) gives its
 *   manager the fields it added or changed, taking them from any other
 *   manager (updates never conflict);
 * - apply: server-side apply (operation Apply) merges a configuration into
 *   the live object; changing a field another manager owns is a conflict
 *   (409) unless forced, which takes it over; fields the applier set before
 *   and no longer sets are removed when no other manager owns them.
 * Server-owned metadata (name, uid, resourceVersion, …) is never tracked,
 * and a resource's status belongs to its status subresource alone.
 */
import type { KubeObject } from '../../../shared/api/meta';
import { apiError } from '../status';
import { FieldSet, pathString, type PathElement } from './fieldset';
import { decodeManagedFields, describeManager, encodeManagedFields, isResetRequest, managerId, type Managed, type Manager, type ManagedFieldsEntry } from './managed-fields';
import { compare, fieldSetOf, mergeApplied, removeFields } from './typed';
import { rootSchema } from './type-model';

type JsonMap = Record<string, unknown>;

/** Metadata fields the server owns: never part of any manager's fields (Kubernetes' stripMeta). */
const SERVER_OWNED_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** LAST_APPLIED is client-side apply's record of the configuration it applied. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** BEFORE_FIRST_APPLY owns what an object held before its first apply when nothing recorded owners. */
const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Writer says who writes and where. */
export interface Writer {
  manager: string;
  /** The subresource written (status, scale, …); undefined for the object itself. */
  subresource?: string | undefined;
}

/** Conflict is one field another manager owns. */
export interface Conflict {
  manager: Manager;
  path: PathElement[];
}

/** FieldManager tracks field ownership for one kind. */
export class FieldManager {
  private readonly schema: Record<string, unknown> | undefined;

  /**
   * @param resetsStatus the kind has a status subresource, so writes to the
   *   object ignore status and status writes ignore the rest.
   */
  constructor(
    group: string,
    version: string,
    kind: string,
    private readonly apiVersion: string,
    private readonly resetsStatus: boolean,
  ) {
    this.schema = rootSchema(group, version, kind);
  }

  /** view is the part of obj a writer of subresource may own, without server-owned metadata. */
  view(obj: KubeObject | undefined, subresource: string | undefined): JsonMap | undefined {
    if (!obj) return undefined;
    if (subresource === 'status' && this.resetsStatus) return obj.status === undefined ? {} : { status: obj.status };
    const { apiVersion: _a, kind: _k, metadata, status, ...rest } = obj as KubeObject & { status?: unknown };
    const meta: JsonMap = { ...(metadata as JsonMap) };
    for (const f of SERVER_OWNED_METADATA) delete meta[f];
    const out: JsonMap = Object.keys(meta).length ? { metadata: meta, ...rest } : { ...rest };
    if (!this.resetsStatus && status !== undefined) out.status = status;
    return out;
  }

  /**
   * recordUpdate returns next's managedFields after an Update by writer
   * (live undefined for a create). managedFields the request itself set are
   * honoured, as in Kubernetes: a list holding one empty entry clears them,
   * any other decodable list replaces the recorded ones.
   */
  recordUpdate(live: KubeObject | undefined, next: KubeObject, writer: Writer, now: string): ManagedFieldsEntry[] | undefined {
    const c = compare(this.view(live, writer.subresource), this.view(next, writer.subresource), this.schema);
    const requested = next.metadata?.managedFields;
    const liveEntries = live?.metadata.managedFields;
    // Nothing changed and no managedFields asked for: the recorded ones stand as they are (no decode, no encode).
    if (c.added.empty() && c.modified.empty() && c.removed.empty() && (requested === undefined || (Array.isArray(requested) && requested.length === 0) || sameEntries(requested, liveEntries))) {
      return liveEntries;
    }
    const managed = this.baseManaged(live, next);
    const changed = c.added.union(c.modified);
    const id = managerId({ manager: writer.manager, operation: 'Update', apiVersion: this.apiVersion, subresource: writer.subresource });
    for (const [oid, m] of managed) if (oid !== id) m.set = m.set.difference(changed).withoutSubtrees(c.removed);
    const mine = managed.get(id) ?? this.newManager(writer, 'Update');
    const set = mine.set.union(changed).withoutSubtrees(c.removed);
    if (!managed.has(id) || !set.equals(mine.set)) mine.time = now;
    mine.set = set;
    managed.set(id, mine);
    return encodeManagedFields(managed);
  }

  /**
   * apply merges config (already decoded) into live (undefined: create) for
   * writer and returns the object to store, managedFields included. A
   * conflict is a 409 unless force, which takes the fields over.
   */
  apply(live: KubeObject | undefined, config: KubeObject, writer: Writer & { force: boolean }, now: string): KubeObject {
    if (config.metadata?.managedFields !== undefined) throw apiError(400, 'BadRequest', 'metadata.managedFields must be nil');
    const sub = writer.subresource;
    const managed = live ? decodeOrEmpty(live.metadata.managedFields) : new Map<string, Manager>();
    if (live && managed.size === 0) {
      // Nothing recorded who set what: what is there belongs to one manager, as Kubernetes does on a first apply.
      const before: Manager = { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: this.apiVersion, set: fieldSetOf(this.view(live, sub), this.schema, new FieldSet()), time: now };
      managed.set(managerId(before), before);
    }
    const applied = this.ownedPart(config, sub);
    const configSet = fieldSetOf(this.view(applied, sub), this.schema, new FieldSet());
    const merged = (live ? mergeApplied(live, applied, this.schema) : applied) as KubeObject;
    merged.metadata ??= {};
    const c = compare(this.view(live, sub), this.view(merged, sub), this.schema);

    const id = managerId({ manager: writer.manager, operation: 'Apply', apiVersion: this.apiVersion, subresource: sub });
    // kubectl taking over from client-side apply may change what the last-applied configuration set (see allowedByLastApplied).
    const allowed = writer.force ? undefined : this.allowedByLastApplied(live, writer);
    const conflicts: Conflict[] = [];
    for (const [oid, m] of managed) {
      if (oid === id) continue;
      const owned = m.set.intersection(c.modified);
      if (owned.empty()) continue;
      if (!writer.force) for (const path of owned.paths()) if (!allowed?.has(path)) conflicts.push({ manager: m, path });
      m.set = m.set.difference(owned);
    }
    if (conflicts.length) throw applyConflict(conflicts);

    const mine = managed.get(id) ?? this.newManager(writer, 'Apply');
    const others = new FieldSet();
    for (const [oid, m] of managed) {
      if (oid === id) continue;
      m.set = m.set.withoutSubtrees(c.removed);
      others.addAll(m.set);
    }
    const disowned = mine.set.difference(configSet).difference(others);
    // What anyone still owns, the applier's new fields included, keeps the maps and elements it sits in.
    if (!disowned.empty()) removeFields(merged, this.schema, disowned, others.union(configSet));
    if (!managed.has(id) || !configSet.equals(mine.set)) mine.time = now;
    mine.set = configSet;
    managed.set(id, mine);
    const entries = encodeManagedFields(managed);
    if (entries) merged.metadata.managedFields = entries;
    else delete merged.metadata.managedFields;
    syncLastApplied(live, merged, config, writer.manager);
    return merged;
  }

  /**
   * allowedByLastApplied is the set of fields kubectl's server-side apply
   * may take over without a conflict, as Kubernetes' lastAppliedManager
   * allows: those of the client-side last-applied configuration, when the
   * live object still holds its values (so client-side apply set them last).
   */
  private allowedByLastApplied(live: KubeObject | undefined, writer: Writer): FieldSet | undefined {
    const recorded = live?.metadata.annotations?.[LAST_APPLIED];
    if (writer.manager !== 'kubectl' || !recorded) return undefined;
    let last: KubeObject;
    try {
      last = JSON.parse(recorded) as KubeObject;
    } catch {
      return undefined;
    }
    if (typeof last !== 'object' || last === null || Array.isArray(last)) return undefined;
    const lastView = this.view({ ...last, metadata: last.metadata ?? {} }, writer.subresource);
    const c = compare(lastView, this.view(live, writer.subresource), this.schema);
    if (!c.modified.empty() || !c.removed.empty()) return undefined;
    return fieldSetOf(lastView, this.schema, new FieldSet());
  }

  /** ownedPart is what of an applied configuration the writer may set: status only through the status subresource. */
  private ownedPart(config: KubeObject, subresource: string | undefined): KubeObject {
    const { status, ...rest } = config as KubeObject & { status?: unknown };
    if (!this.resetsStatus) return structuredClone(config);
    if (subresource === 'status') return structuredClone({ ...rest, ...(status !== undefined ? { status } : {}) }) as KubeObject;
    return structuredClone(rest) as KubeObject;
  }

  private baseManaged(live: KubeObject | undefined, next: KubeObject): Managed {
    const requested = next.metadata?.managedFields;
    if (isResetRequest(requested)) return new Map();
    if (Array.isArray(requested) && requested.length) {
      const fromRequest = decodeOrUndefined(requested);
      if (fromRequest) return fromRequest;
    }
    return decodeOrEmpty(live?.metadata.managedFields);
  }

  private newManager(writer: Writer, operation: 'Apply' | 'Update'): Manager {
    const m: Manager = { manager: writer.manager, operation, apiVersion: this.apiVersion, set: new FieldSet() };
    if (writer.subresource) m.subresource = writer.subresource;
    return m;
  }
}

/** sameEntries reports whether a request carried the recorded managedFields back unchanged. */
function sameEntries(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function decodeOrUndefined(entries: unknown): Managed | undefined {
  try {
    return decodeManagedFields(entries);
  } catch {
    return undefined;
  }
}

/** decodeOrEmpty reads stored managedFields; unreadable ones are dropped, as Kubernetes resets them. */
function decodeOrEmpty(entries: unknown): Managed {
  return decodeOrUndefined(entries) ?? new Map();
}

/**
 * syncLastApplied keeps client-side apply's annotation in step when kubectl
 * applies server-side over an object client-side apply manages, as
 * Kubernetes does, so either kind of apply can follow the other.
 */
function syncLastApplied(live: KubeObject | undefined, merged: KubeObject, config: KubeObject, manager: string): void {
  if (manager !== 'kubectl' || !live?.metadata.annotations?.[LAST_APPLIED]) return;
  const recorded = structuredClone(config);
  if (recorded.metadata?.annotations) {
    delete recorded.metadata.annotations[LAST_APPLIED];
    if (Object.keys(recorded.metadata.annotations).length === 0) delete recorded.metadata.annotations;
  }
  merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: `${JSON.stringify(recorded)}\n` };
}

/** applyConflict is Kubernetes' 409 for an apply that changes fields other managers own. */
export function applyConflict(conflicts: readonly Conflict[]): Error {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: pathString(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(conflicts[0]!.manager)}: ${pathString(conflicts[0]!.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const who = describeManager(c.manager);
      byManager.set(who, [...(byManager.get(who) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const who of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${who}:`);
      for (const p of byManager.get(who)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return apiError(409, 'Conflict', message, { causes });
}
