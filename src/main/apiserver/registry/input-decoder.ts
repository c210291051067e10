/**
 * Request bodies into objects: the kind and apiVersion check and
 * fieldValidation (Strict refuses unknown fields, Warn reports them, Ignore
 * drops them silently; unknown fields are dropped in every mode, as
 * Kubernetes' typed decoding does).
 */
import type { KubeObject } from '../../../shared/api/meta';
import { badRequest, formatValue } from '../status';
import { clone, isPlainObject } from './object-codec';
import { inspectFields, type FieldSchema } from './schema';
import type { WriteOptions } from './types';

/** DecodeTarget names what a body must decode into. */
export interface DecodeTarget {
  schema: FieldSchema;
  kind: string;
  version: string;
  /** The apiVersion a body may carry (the resource's, or autoscaling/v1 for a Scale). */
  apiVersion: string;
}

/** decodeInput checks a request body is an object of the target kind and applies fieldValidation. */
export function decodeInput(body: unknown, opts: WriteOptions, target: DecodeTarget): KubeObject {
  const { kind, version } = target;
  if (!isPlainObject(body)) {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: the request body must be a JSON object, got ${formatValue(body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body)}`);
  }
  const obj = clone(body) as KubeObject;
  checkTypeMeta(obj, target);
  if (obj.metadata !== undefined && !isPlainObject(obj.metadata)) {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${Array.isArray(obj.metadata) ? 'array' : typeof obj.metadata} into Go struct field ${kind}.metadata of type v1.ObjectMeta`);
  }
  obj.metadata ??= {};
  applyFieldValidation(obj, opts, target);
  return obj;
}

function checkTypeMeta(obj: KubeObject, { kind, version, apiVersion }: DecodeTarget): void {
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.kind !== undefined && obj.kind !== kind) {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: the kind in the data (${String(obj.kind)}) does not match the expected kind (${kind})`);
  }
}

function applyFieldValidation(obj: KubeObject, opts: WriteOptions, { schema, kind, version }: DecodeTarget): void {
  const { unknown, unknownSegments, typeErrors } = inspectFields(obj, schema);
  if (typeErrors.length) {
    const t = typeErrors[0]!;
    const goPath = t.path.replace(/\[\d+\]/g, '');
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${t.got} into Go struct field ${kind}.${goPath} of type ${t.want}`);
  }
  if (unknown.length === 0) return;
  const mode = opts.fieldValidation ?? 'Warn';
  if (mode === 'Strict') {
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  if (mode === 'Warn') for (const f of unknown) opts.warnings?.push(`unknown field "${f}"`);
  removeFields(obj, unknownSegments);
}

/** removeFields deletes the fields at the given paths (as inspectFields reports their segments) from value. */
function removeFields(value: unknown, paths: readonly (string | number)[][]): void {
  for (const path of paths) {
    let cur: unknown = value;
    for (let i = 0; i < path.length - 1 && cur !== undefined && cur !== null; i++) {
      cur = (cur as Record<string | number, unknown>)[path[i]!];
    }
    const last = path[path.length - 1];
    if (isPlainObject(cur) && typeof last === 'string') delete cur[last];
  }
}
