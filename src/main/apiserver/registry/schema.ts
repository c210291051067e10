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

/**
 * unknownFields lists the paths of fields in value that schema does not know,
 * in the decoder's notation: `spec.containers[0].imagePullPolcy`.
 */
export function unknownFields(value: unknown, schema: FieldSchema, path = ''): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: FieldSchema, p: string): void => {
    if (Array.isArray(v)) {
      v.forEach((el, i) => walk(el, s, `${p}[${i}]`));
      return;
    }
    if (!isPlainObject(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const sub = Object.hasOwn(s, k) ? s[k] : undefined;
      const childPath = p ? `${p}.${k}` : k;
      if (sub === undefined) {
        out.push(childPath);
      } else if (sub !== true) {
        walk(child, sub, childPath);
      }
    }
  };
  walk(value, schema, path);
  return out;
}
