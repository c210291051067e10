/**
 * Compact field schemas, enough to find unknown fields for
 * `fieldValidation=Strict|Warn` the way the apiserver's strict decoder does.
 *
 * A schema is a map of known field names to either `true` (any value: a leaf,
 * a free-form map such as labels, or a subtree we do not police) or a nested
 * schema. A nested schema applies to an object value, or to each element of an
 * array value, so `containers: CONTAINER` covers `containers[0].image`.
 * Types are not checked here; validation does that where it matters.
 */

/** FieldSchema describes the known fields of an object. */
export interface FieldSchema {
  [field: string]: FieldSchema | true;
}

/** OBJECT_META lists metav1.ObjectMeta's fields. */
export const OBJECT_META: FieldSchema = {
  name: true,
  generateName: true,
  namespace: true,
  selfLink: true,
  uid: true,
  resourceVersion: true,
  generation: true,
  creationTimestamp: true,
  deletionTimestamp: true,
  deletionGracePeriodSeconds: true,
  labels: true,
  annotations: true,
  ownerReferences: { apiVersion: true, kind: true, name: true, uid: true, controller: true, blockOwnerDeletion: true },
  finalizers: true,
  managedFields: true,
};

/** LABEL_SELECTOR is metav1.LabelSelector. */
export const LABEL_SELECTOR: FieldSchema = {
  matchLabels: true,
  matchExpressions: { key: true, operator: true, values: true },
};

/** topLevel builds a kind's schema from its own top-level fields plus apiVersion/kind/metadata. */
export function topLevel(fields: FieldSchema): FieldSchema {
  return { apiVersion: true, kind: true, metadata: OBJECT_META, ...fields };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** FieldReport is what inspectFields finds in a value. */
export interface FieldReport {
  /** Paths of fields the schema does not know: `spec.containers[0].imagePullPolcy`. */
  unknown: string[];
  /** Structured fields holding a scalar: `spec.containers: string`. */
  typeErrors: { path: string; got: string }[];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * inspectFields walks value against schema, in the decoder's path notation,
 * reporting unknown fields and structured fields (nested schemas) that hold a
 * scalar instead of an object or a list of objects. null is allowed anywhere
 * (it means "unset", as in Go's decoder).
 */
export function inspectFields(value: unknown, schema: FieldSchema, path = ''): FieldReport {
  const report: FieldReport = { unknown: [], typeErrors: [] };
  const walk = (v: unknown, s: FieldSchema, p: string, inArray: boolean): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      if (inArray) {
        report.typeErrors.push({ path: p, got: 'array' });
        return;
      }
      v.forEach((el, i) => walk(el, s, `${p}[${i}]`, true));
      return;
    }
    if (!isPlainObject(v)) {
      report.typeErrors.push({ path: p, got: jsonType(v) });
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      const sub = Object.hasOwn(s, k) ? s[k] : undefined;
      const childPath = p ? `${p}.${k}` : k;
      if (sub === undefined) report.unknown.push(childPath);
      else if (sub !== true) walk(child, sub, childPath, false);
    }
  };
  walk(value, schema, path, false);
  return report;
}

/** unknownFields lists the paths of fields in value that schema does not know. */
export function unknownFields(value: unknown, schema: FieldSchema, path = ''): string[] {
  return inspectFields(value, schema, path).unknown;
}
