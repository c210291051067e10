/**
 * The structure structured merge needs of a kind, read from the served
 * OpenAPI schemas (openapi/k8s-schemas.json): which maps are structs with
 * named fields, which are free-form maps, and how each list merges —
 * `x-kubernetes-list-type` atomic / set / map with `x-kubernetes-list-map-keys`,
 * else, for lists published only with patch metadata, a `merge` strategy
 * with a merge key is a map keyed by it and without one a set (as
 * kube-openapi's schema conversion does); any other list is atomic.
 * `x-kubernetes-map-type: atomic` makes a struct or map one value.
 * A part the schemas do not describe is "deduced": maps merge by key,
 * lists are atomic.
 */
import generated from '../openapi/k8s-schemas.json';

type OpenApiSchema = Record<string, unknown>;

/** TypeNode is how one position of an object merges. */
export type TypeNode =
  | { readonly kind: 'scalar' }
  | { readonly kind: 'deduced' }
  | {
      readonly kind: 'map';
      /** Named fields of a struct (empty for a free-form map). */
      readonly fields: Readonly<Record<string, OpenApiSchema>>;
      /** The element schema of a free-form map (undefined for a struct). */
      readonly elem: OpenApiSchema | undefined;
      readonly atomic: boolean;
    }
  | {
      readonly kind: 'list';
      readonly elem: OpenApiSchema | undefined;
      readonly listType: 'atomic' | 'set' | 'map';
      readonly keys: readonly string[];
    };

const SCHEMAS: Readonly<Record<string, OpenApiSchema>> = generated.schemas as Record<string, OpenApiSchema>;

/**
 * KEY_DEFAULTS fill a map key field an element omits, as the schema's
 * `default` does in Kubernetes (a port's protocol is TCP); the generated
 * schemas do not carry these defaults.
 */
const KEY_DEFAULTS: Readonly<Record<string, unknown>> = { protocol: 'TCP' };

const DEDUCED: TypeNode = { kind: 'deduced' };
const SCALAR: TypeNode = { kind: 'scalar' };
const resolved = new WeakMap<OpenApiSchema, TypeNode>();

/** deref follows $ref and a single allOf to the schema they name. */
function deref(schema: OpenApiSchema): OpenApiSchema {
  let s = schema;
  for (let i = 0; i < 8; i++) {
    const ref = typeof s.$ref === 'string' ? s.$ref : undefined;
    const allOf = Array.isArray(s.allOf) && s.allOf.length === 1 ? (s.allOf[0] as OpenApiSchema) : undefined;
    if (ref) {
      const target = SCHEMAS[ref.replace('#/components/schemas/', '')];
      if (!target) return {};
      s = target;
    } else if (allOf) {
      s = allOf;
    } else break;
  }
  return s;
}

/** typeOf resolves what a schema means to structured merge (undefined schema: deduced). */
export function typeOf(schema: OpenApiSchema | undefined): TypeNode {
  if (!schema) return DEDUCED;
  const hit = resolved.get(schema);
  if (hit) return hit;
  const s = deref(schema);
  let node: TypeNode;
  if (s.type === 'array') {
    const listType = s['x-kubernetes-list-type'] ?? schema['x-kubernetes-list-type'];
    const mapKeys = (s['x-kubernetes-list-map-keys'] ?? schema['x-kubernetes-list-map-keys']) as string[] | undefined;
    const strategy = String(s['x-kubernetes-patch-strategy'] ?? schema['x-kubernetes-patch-strategy'] ?? '');
    const mergeKey = (s['x-kubernetes-patch-merge-key'] ?? schema['x-kubernetes-patch-merge-key']) as string | undefined;
    const elem = s.items as OpenApiSchema | undefined;
    if (listType === 'map' && mapKeys?.length) node = { kind: 'list', elem, listType: 'map', keys: mapKeys };
    else if (listType === 'set') node = { kind: 'list', elem, listType: 'set', keys: [] };
    else if (listType === 'atomic') node = { kind: 'list', elem, listType: 'atomic', keys: [] };
    else if (strategy.split(',').includes('merge')) node = mergeKey ? { kind: 'list', elem, listType: 'map', keys: [mergeKey] } : { kind: 'list', elem, listType: 'set', keys: [] };
    else node = { kind: 'list', elem, listType: 'atomic', keys: [] };
  } else if (s.type === 'object' || s.properties || s.additionalProperties) {
    const props = (s.properties ?? {}) as Record<string, OpenApiSchema>;
    const add = s.additionalProperties;
    const atomic = (s['x-kubernetes-map-type'] ?? schema['x-kubernetes-map-type']) === 'atomic';
    if (!s.properties && !add && !atomic) node = DEDUCED;
    else node = { kind: 'map', fields: props, elem: typeof add === 'object' && add !== null ? (add as OpenApiSchema) : undefined, atomic };
  } else {
    node = SCALAR;
  }
  resolved.set(schema, node);
  return node;
}

/** fieldSchema is the schema of one field (or map entry) of a map type; undefined when unknown. */
export function fieldSchema(t: TypeNode, name: string): OpenApiSchema | undefined {
  if (t.kind !== 'map') return undefined;
  return Object.prototype.hasOwnProperty.call(t.fields, name) ? t.fields[name] : t.elem;
}

/** isDeclaredField reports whether name is a named field of a struct (not a free-form map entry). */
export function isDeclaredField(t: TypeNode, name: string): boolean {
  return t.kind === 'map' && Object.prototype.hasOwnProperty.call(t.fields, name);
}

/** keyDefault is the value a map key field takes when an element omits it. */
export function keyDefault(field: string): unknown {
  return KEY_DEFAULTS[field];
}

/** rootSchema finds a kind's schema by its x-kubernetes-group-version-kind (undefined if not published). */
export function rootSchema(group: string, version: string, kind: string): OpenApiSchema | undefined {
  for (const s of Object.values(SCHEMAS)) {
    const gvks = s['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (gvks?.some((g) => g.group === group && g.version === version && g.kind === kind)) return s;
  }
  return undefined;
}
