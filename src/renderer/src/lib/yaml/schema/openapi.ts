/**
 * The OpenAPI v3 subset Kubernetes publishes (/openapi/v3/<api|apis/group>/<version>):
 * finding a kind's schema by `x-kubernetes-group-version-kind`, following
 * `$ref` and single-element `allOf`, stepping into a field path, and naming a
 * schema's type as `kubectl explain` does.
 */

/** Schema is one OpenAPI v3 schema object (only the keywords Kubernetes uses are read). */
export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/** OpenApiDoc is one group-version document; only its component schemas are read. */
export interface OpenApiDoc {
  components?: { schemas?: Record<string, Schema> };
}

/** Resolved is a schema with its references followed, and the name of the last one followed (a kind or type such as "Container", "Quantity"). */
export interface Resolved {
  schema: Schema;
  name?: string;
}

/** openapiPath is the document path that holds an apiVersion's schemas ("v1" → /openapi/v3/api/v1, "apps/v1" → /openapi/v3/apis/apps/v1). */
export function openapiPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/openapi/v3/apis/${apiVersion}` : `/openapi/v3/api/${apiVersion}`;
}

/** SchemaSet answers schema questions about one group-version document. */
export class SchemaSet {
  private readonly schemas: Record<string, Schema>;

  constructor(doc: OpenApiDoc) {
    this.schemas = doc.components?.schemas ?? {};
  }

  /** kindSchema finds the schema of apiVersion/kind, or undefined when the document does not hold it. */
  kindSchema(apiVersion: string, kind: string): Resolved | undefined {
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/', 2) as [string, string]) : ['', apiVersion];
    for (const [name, s] of Object.entries(this.schemas)) {
      if (s['x-kubernetes-group-version-kind']?.some((g) => g.group === group && g.version === version && g.kind === kind)) return { schema: s, name: shortName(name) };
    }
    return undefined;
  }

  /** resolve follows `$ref` and a single-element `allOf` (how Kubernetes wraps a ref to add a default) until a concrete schema. */
  resolve(s: Schema, name?: string): Resolved {
    let cur = s;
    let curName = name;
    for (let depth = 0; depth < 32; depth++) {
      if (cur.$ref) {
        const target = cur.$ref.replace('#/components/schemas/', '');
        const next = this.schemas[target];
        if (!next) return { schema: {}, name: shortName(target) };
        curName = shortName(target);
        cur = next;
      } else if (cur.allOf?.length === 1 && !cur.type && !cur.properties) {
        cur = cur.allOf[0] as Schema;
      } else break;
    }
    return { schema: cur, name: curName };
  }

  /** property steps from an object schema into one field (properties, then additionalProperties); undefined when the field is unknown. */
  property(parent: Schema, key: string): Resolved | undefined {
    const p = parent.properties?.[key];
    if (p) return this.resolve(p);
    if (parent.additionalProperties && typeof parent.additionalProperties === 'object') return this.resolve(parent.additionalProperties);
    return undefined;
  }

  /**
   * at walks a path of segments ("spec", "template", "[0]", …; a number or
   * "[n]" steps into list items) from a root schema. undefined where the
   * path leaves what the schema describes.
   */
  at(root: Resolved, path: readonly string[]): Resolved | undefined {
    let cur: Resolved | undefined = this.resolve(root.schema, root.name);
    for (const seg of path) {
      if (!cur) return undefined;
      if (/^\[\d*\]$/.test(seg)) cur = cur.schema.items ? this.resolve(cur.schema.items) : undefined;
      else cur = this.property(cur.schema, seg);
    }
    return cur;
  }

  /** typeName names a schema's type as `kubectl explain` does: string, integer, boolean, Object, []Container, map[string]string, IntOrString, Quantity. */
  typeName(r: Resolved): string {
    const s = r.schema;
    if (s.type === 'array') return `[]${s.items ? this.typeName(this.resolve(s.items)) : 'Object'}`;
    if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
      return `map[string]${this.typeName(this.resolve(s.additionalProperties))}`;
    }
    if (s.oneOf || s['x-kubernetes-int-or-string']) return r.name ?? 'IntOrString';
    if (s.type === 'object' || s.properties) return r.name ?? 'Object';
    return s.type ?? r.name ?? 'Object';
  }
}

/** shortName drops the package from a schema name ("io.k8s.api.core.v1.Container" → "Container"). */
function shortName(full: string): string {
  return full.slice(full.lastIndexOf('.') + 1);
}

/** firstLine is the first line of a description, for a one-line hint. */
export function firstLine(description: string | undefined): string {
  return (description ?? '').split('\n', 1)[0]!.trim();
}
