/**
 * The YAML apply flow after parsing: a server-side dry run for each object
 * (so the preview states what *would* happen, validated by the API server
 * with fieldValidation=Strict), then the apply itself.
 *
 * Apply semantics: an object that does not exist is created (POST); one that
 * exists gets the manifest as a JSON merge patch (RFC 7386,
 * application/merge-patch+json). Fields named in the manifest are set; fields
 * it omits are left as they are (unlike kubectl's three-way apply, nothing is
 * pruned), and lists such as containers are replaced as a whole.
 */
import type { KubeObject } from '../../../../shared/api/meta';
import { findResourceByKind, resourcePath, type ResourceInfo } from '../../../../shared/api/resources';
import { ApiError, isApiError, isNotFound } from '../../../../shared/errors';
import { apiRequest, withQuery } from '../k8s/client';
import type { ParsedDocument } from './parse-manifests';
import { fieldDiff, type FieldChange } from './field-diff';
import { plainTypeError } from './type-errors';

export type PlanAction = 'create' | 'configure' | 'unchanged';

/** PlanItem is one row of the preview. */
export interface PlanItem {
  /** key is stable within a plan (React key, test ids). */
  key: string;
  file: string;
  document: number;
  kind?: string;
  namespace?: string;
  name?: string;
  object?: KubeObject;
  resource?: ResourceInfo;
  action?: PlanAction;
  /** error says why the document cannot be applied (YAML, unknown kind, server validation). */
  error?: string;
  /** fields are the field paths a server validation error names. */
  fields?: string[];
  /** changes are what "configure" would change on the live object (from the dry run). */
  changes?: FieldChange[];
}

/** ApplyResult is the outcome of applying one item. */
export interface ApplyResult {
  key: string;
  ok: boolean;
  message: string;
}

const STRICT = { fieldValidation: 'Strict' };
const MERGE_PATCH = 'application/merge-patch+json';

/** describeApiError renders a server error with the field paths it names. */
export function describeApiError(err: unknown, object?: unknown): { message: string; fields: string[] } {
  if (!(err instanceof ApiError)) return { message: err instanceof Error ? err.message : String(err), fields: [] };
  // Go's type errors, in words naming the field.
  const typeError = plainTypeError(err.message, object);
  if (typeError) return { message: typeError.message, fields: [typeError.field] };
  const fields = new Set<string>();
  // Strict field validation: `strict decoding error: unknown field "spec.foo", …`.
  for (const m of err.message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)) fields.add(m[1] as string);
  const causes = err.causes.filter((c) => c.field || c.message);
  for (const c of causes) if (c.field) fields.add(c.field);
  let message = err.message;
  if (causes.length > 0 && err.code === 422) {
    message = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? 'invalid'}` : (c.message ?? ''))).join('; ');
  }
  return { message, fields: [...fields] };
}

/** comparable strips what changes on every write, for the "unchanged" test. */
export function comparable(obj: KubeObject | undefined): unknown {
  if (!obj) return undefined;
  const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...metadata } = obj.metadata ?? {};
  return canonical({ ...obj, metadata });
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** patchBody is the manifest as a merge patch: no server-owned metadata or status. */
export function patchBody(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, generation: _g, ...metadata } = obj.metadata;
  const { status: _status, ...rest } = obj;
  return { ...rest, metadata };
}

const equalJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function baseItem(doc: ParsedDocument, i: number): PlanItem {
  const obj = doc.object;
  return {
    key: `${i}`,
    file: doc.file,
    document: doc.document,
    kind: obj?.kind,
    name: obj?.metadata.name ?? (obj?.metadata.generateName ? `${obj.metadata.generateName}…` : undefined),
    object: obj,
    error: doc.error,
  };
}

/**
 * planManifests resolves each parsed object to its resource and dry-runs it
 * on the server. `defaultNamespace` fills namespaced objects that name none.
 */
export async function planManifests(docs: readonly ParsedDocument[], defaultNamespace: string): Promise<PlanItem[]> {
  const namespacesInBatch = new Set(
    docs.filter((d) => d.object?.kind === 'Namespace' && d.object.apiVersion === 'v1').map((d) => d.object?.metadata.name ?? ''),
  );
  return Promise.all(docs.map((doc, i) => planOne(baseItem(doc, i), namespacesInBatch, defaultNamespace)));
}

async function planOne(item: PlanItem, namespacesInBatch: Set<string>, defaultNamespace: string): Promise<PlanItem> {
  const obj = item.object;
  if (item.error || !obj) return item;
  const resource = findResourceByKind(obj.apiVersion ?? '', obj.kind ?? '');
  if (!resource) {
    return { ...item, error: `${item.file}, document ${item.document}: unknown kind "${obj.kind}" in apiVersion "${obj.apiVersion}" (no such resource on this server)` };
  }
  const namespace = resource.namespaced ? (obj.metadata.namespace ?? defaultNamespace) : undefined;
  const object: KubeObject = { ...obj, metadata: { ...obj.metadata, ...(namespace ? { namespace } : {}) } };
  const planned: PlanItem = { ...item, resource, namespace, object };
  if (!obj.metadata.name && !obj.metadata.generateName) return { ...planned, error: `${item.file}, document ${item.document}: metadata.name is required` };
  try {
    let live: KubeObject | undefined;
    if (obj.metadata.name) {
      try {
        live = await apiRequest<KubeObject>(resourcePath(resource, namespace, obj.metadata.name));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (!live) {
      await apiRequest(withQuery(resourcePath(resource, namespace), { dryRun: 'All', ...STRICT }), { method: 'POST', body: object });
      return { ...planned, action: 'create' };
    }
    const result = await apiRequest<KubeObject>(withQuery(resourcePath(resource, namespace, obj.metadata.name), { dryRun: 'All', ...STRICT }), {
      method: 'PATCH',
      body: patchBody(object),
      contentType: MERGE_PATCH,
    });
    if (equalJson(comparable(result), comparable(live))) return { ...planned, action: 'unchanged' };
    return { ...planned, action: 'configure', changes: fieldDiff(live, result) };
  } catch (err) {
    // The namespace is created by an earlier document of the same batch.
    if (isNotFound(err) && namespace && namespacesInBatch.has(namespace) && /namespace/i.test((err as ApiError).message)) {
      return { ...planned, action: 'create' };
    }
    const { message, fields } = describeApiError(err, object);
    return { ...planned, error: `${item.file}, document ${item.document}: ${message}`, fields };
  }
}

/** applyOrder puts Namespaces first, so objects in them can be created in the same batch. */
export function applyOrder(items: readonly PlanItem[]): PlanItem[] {
  return [...items.filter((i) => i.kind === 'Namespace'), ...items.filter((i) => i.kind !== 'Namespace')];
}

/** applyItem creates or merge-patches one planned object. */
export async function applyItem(item: PlanItem): Promise<ApplyResult> {
  const { resource, object, namespace } = item;
  if (!resource || !object || item.error) return { key: item.key, ok: false, message: item.error ?? 'not applicable' };
  if (item.action === 'unchanged') return { key: item.key, ok: true, message: 'unchanged' };
  // kubectl's naming everywhere: `deployment.apps/web`.
  const kindName = `${(item.kind ?? resource.resource).toLowerCase()}${resource.group ? `.${resource.group}` : ''}`;
  const ref = `${kindName}/${object.metadata.name ?? object.metadata.generateName ?? ''}`;
  try {
    if (item.action === 'create') {
      try {
        const created = await apiRequest<KubeObject>(withQuery(resourcePath(resource, namespace), STRICT), { method: 'POST', body: object });
        return { key: item.key, ok: true, message: `${kindName}/${created.metadata.name} created` };
      } catch (err) {
        // Created by someone else since the preview: configure it instead.
        if (!isApiError(err, 409) || !object.metadata.name) throw err;
      }
    }
    await apiRequest(withQuery(resourcePath(resource, namespace, object.metadata.name), STRICT), {
      method: 'PATCH',
      body: patchBody(object),
      contentType: MERGE_PATCH,
    });
    return { key: item.key, ok: true, message: `${ref} configured` };
  } catch (err) {
    return { key: item.key, ok: false, message: describeApiError(err).message };
  }
}

/** itemLabel renders "Kind namespace/name" for a row (the preview's heading; results use kubectl's `kind.group/name`). */
export function itemLabel(item: PlanItem): string {
  const who = item.namespace ? `${item.namespace}/${item.name ?? '?'}` : (item.name ?? '?');
  return `${item.kind ?? '?'} ${who}`;
}

