/**
 * Generates src/main/apiserver/openapi/k8s-schemas.json: OpenAPI v3 schemas
 * (components.schemas, named as Kubernetes names them) for every served kind
 * and what it references. Field names, types and descriptions come from
 * @kubernetes/client-node's models, which are generated from Kubernetes'
 * own OpenAPI (its runtime attribute maps for types, its .d.ts doc comments
 * for descriptions); patch strategies and merge keys from apiserver/patch's
 * metadata; list types from openapi/list-types.ts; enums from openapi/enums.ts. Run: npx tsx scripts/gen-openapi-schemas.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { RESOURCES } from '../src/shared/api/resources';
import { KIND_SCHEMAS, type Schema as PatchSchema } from '../src/main/apiserver/patch/patch-meta';
import { LIST_TYPES } from '../src/main/apiserver/openapi/list-types';
import { ENUMS } from '../src/main/apiserver/openapi/enums';

type Json = Record<string, unknown>;
interface Attr {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

const require = createRequire(import.meta.url);
const modelsDir = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
const models = k8s as unknown as Record<string, { attributeTypeMap?: Attr[] } | undefined>;

const META = new Set(['ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry', 'Status', 'StatusDetails', 'StatusCause', 'Condition', 'DeleteOptions', 'Preconditions', 'APIResource', 'APIResourceList', 'WatchEvent']);
const META_PKG = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const REF = (name: string) => `#/components/schemas/${name}`;

function pkgOf(group: string, version: string): string {
  return `io.k8s.api.${group ? group.split('.')[0] : 'core'}.${version}`;
}

/** shortName strips client-node's version and group prefixes: CoreV1Event → Event, V1Probe → Probe. */
function shortName(model: string): string {
  return model.replace(/^[A-Z][a-z]*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '').replace(/^V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

/** docs reads a model's .d.ts: the class comment, each property's comment, and which properties are required. */
function docs(model: string): { description?: string; fields: Map<string, string>; required: string[] } {
  const src = readFileSync(join(modelsDir, `${model}.d.ts`), 'utf8');
  const clean = (c: string) =>
    c
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, ''))
      .join(' ')
      .replace(/\\(['"])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim();
  const cls = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(src);
  const fields = new Map<string, string>();
  const required: string[] = [];
  for (const m of src.matchAll(/(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([A-Za-z0-9_$-]+)'(\?)?:/g)) {
    if (m[1]) fields.set(m[2]!, clean(m[1]));
    if (!m[3]) required.push(m[2]!);
  }
  return { description: cls ? clean(cls[1]!) : undefined, fields, required };
}

const QUANTITY_MAPS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used', 'overhead']);
const MICRO_TIMES = new Set(['acquireTime', 'renewTime', 'eventTime']);

const schemas: Record<string, Json> = {};
const nameOf = new Map<string, string>();

const PRIMITIVES: Record<string, Json> = {
  [`${META_PKG}.Time`]: { type: 'string', format: 'date-time', description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON. Wrappers are provided for many of the factory methods that the time package offers.' },
  [`${META_PKG}.MicroTime`]: { type: 'string', format: 'date-time', description: 'MicroTime is version of Time with microsecond level precision.' },
  [`${META_PKG}.FieldsV1`]: { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
  // As Kubernetes publishes them in v3: a oneOf and no `type`, so tools (kubectl explain) name them IntOrString and Quantity.
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { description: 'IntOrString is a type that can hold an int32 or a string.', format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { description: 'Quantity is a fixed-point representation of a number, such as 500m or 1Gi.', oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object', description: 'RawExtension is used to hold extensions in external versions.' },
};

function refTo(name: string, description?: string): Json {
  return description ? { allOf: [{ $ref: REF(name) }], description, default: {} } : { allOf: [{ $ref: REF(name) }], default: {} };
}

/** typeSchema maps a client-node attribute type to an OpenAPI schema, registering referenced models under `pkg`. */
function typeSchema(type: string, format: string, field: string, pkg: string): Json {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) {
    const items = typeSchema(arr[1]!, format, '', pkg);
    return { type: 'array', items: items.allOf ? { $ref: (items.allOf as Json[])[0]!.$ref, default: {} } : items };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (QUANTITY_MAPS.has(field)) return { type: 'object', additionalProperties: { $ref: REF('io.k8s.apimachinery.pkg.api.resource.Quantity') } };
    const v = typeSchema(map[1]!, '', '', pkg);
    return { type: 'object', additionalProperties: v.allOf ? { $ref: (v.allOf as Json[])[0]!.$ref } : { ...v, default: v.type === 'string' ? '' : undefined } };
  }
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'number':
      return format === 'int32' || format === 'int64' ? { type: 'integer', format } : { type: 'number', format: format || 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'V1MicroTime':
      return refTo(`${META_PKG}.MicroTime`);
    case 'V1Time':
      return refTo(`${META_PKG}.Time`);
    case 'Date':
      return refTo(`${META_PKG}.${MICRO_TIMES.has(field) ? 'MicroTime' : 'Time'}`);
    case 'IntOrString':
      return refTo('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    case 'any':
    case 'object':
      return { type: 'object' };
  }
  return refTo(register(type, pkg));
}

/** register adds a model (and, recursively, what it references) and returns its Kubernetes name. */
function register(model: string, pkg: string): string {
  const known = nameOf.get(model);
  if (known) return known;
  const short = shortName(model);
  const name = model === 'V1FieldsV1' ? `${META_PKG}.FieldsV1` : META.has(short) ? `${META_PKG}.${short}` : model.startsWith('EventsV1') ? `io.k8s.api.events.v1.${short}` : `${pkg}.${short}`;
  nameOf.set(model, name);
  if (PRIMITIVES[name]) return name;
  const attrs = models[model]?.attributeTypeMap;
  if (!attrs) throw new Error(`no client-node model ${model}`);
  const d = docs(model);
  const properties: Record<string, Json> = {};
  const ownPkg = name.slice(0, name.lastIndexOf('.'));
  for (const a of attrs) {
    const s = typeSchema(a.type, a.format, a.baseName, ownPkg);
    // For int-or-string fields client-node's comment is IntOrString's own description, not the field's: leave it out.
    const desc = a.type === 'IntOrString' ? undefined : d.fields.get(a.name);
    if (desc) {
      if (s.allOf) s.description = desc;
      else properties[a.baseName] = { description: desc, ...s };
    }
    properties[a.baseName] ??= s;
    const lt = LIST_TYPES[`${short}.${a.baseName}`];
    if (lt) Object.assign(properties[a.baseName]!, lt);
    const en = ENUMS[`${short}.${a.baseName}`];
    if (en) properties[a.baseName]!.enum = [...en];
  }
  const schema: Json = { type: 'object' };
  if (d.description) schema.description = d.description;
  schema.properties = properties;
  const required = d.required.filter((r) => attrs.some((a) => a.name === r)).map((r) => attrs.find((a) => a.name === r)!.baseName);
  if (required.length) schema.required = required;
  if (short === 'LabelSelector') schema['x-kubernetes-map-type'] = 'atomic';
  schemas[name] = schema;
  return name;
}

/** applyPatchMeta copies patch strategies and merge keys onto the properties they belong to, following the kind's fields. */
function applyPatchMeta(name: string, meta: PatchSchema | undefined): void {
  if (!meta) return;
  const props = (schemas[name]?.properties ?? {}) as Record<string, Json>;
  for (const [field, m] of Object.entries(meta)) {
    const p = props[field];
    if (!p) continue;
    if (m.mergeKey) p['x-kubernetes-patch-merge-key'] = m.mergeKey;
    if (m.strategy) p['x-kubernetes-patch-strategy'] = m.strategy.join(',');
    const ref = ((p.allOf as Json[] | undefined)?.[0]?.$ref ?? (p.items as Json | undefined)?.$ref) as string | undefined;
    if (ref && m.fields) applyPatchMeta(ref.replace('#/components/schemas/', ''), m.fields);
  }
}

function modelFor(group: string, version: string, kind: string): string | undefined {
  const v = version[0]!.toUpperCase() + version.slice(1);
  const g = group ? group.split('.')[0]!.replace(/^./, (c) => c.toUpperCase()) : 'Core';
  return [`${g}${v}${kind}`, `${v}${kind}`].find((m) => models[m]?.attributeTypeMap);
}

// Core kinds first (plus PodTemplate), so types they share with other groups are named in core, as Kubernetes does.
const roots = [...RESOURCES.map((r) => ({ group: r.group, version: r.version, kind: r.kind })), { group: '', version: 'v1', kind: 'PodTemplate' }, { group: 'autoscaling', version: 'v1', kind: 'Scale' }, { group: '', version: 'v1', kind: 'Binding' }];
roots.sort((a, b) => Number(a.group !== '') - Number(b.group !== ''));
for (const [name, schema] of Object.entries(PRIMITIVES)) schemas[name] = schema;
for (const r of roots) {
  for (const kind of [r.kind, `${r.kind}List`]) {
    const model = modelFor(r.group, r.version, kind);
    if (!model) {
      if (kind === r.kind) console.warn(`no client-node model for ${r.group}/${r.version} ${kind}: served without a schema`);
      continue;
    }
    const name = register(model, pkgOf(r.group, r.version));
    schemas[name]!['x-kubernetes-group-version-kind'] = [{ group: r.group, kind, version: r.version }];
    if (kind === r.kind) applyPatchMeta(name, KIND_SCHEMAS[r.kind]);
  }
}

const out = join(dirname(new URL(import.meta.url).pathname), '..', 'src', 'main', 'apiserver', 'openapi', 'k8s-schemas.json');
const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(out, JSON.stringify({ source: 'generated by scripts/gen-openapi-schemas.ts from @kubernetes/client-node models (Kubernetes OpenAPI, Apache-2.0)', schemas: sorted }, null, 1) + '\n');
console.log(`${Object.keys(sorted).length} schemas → ${out}`);
