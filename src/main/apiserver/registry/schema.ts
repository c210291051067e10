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

/**
 * Leaf is a field holding a value: `true` accepts anything (free-form or
 * unpoliced subtrees such as resource quantities); the others are checked as
 * Go's decoder would: 'string', 'int' (int32), 'int64', 'bool',
 * 'intOrString', 'strings' (a list of strings), 'map' (string to string,
 * e.g. labels), 'quantities' (a ResourceList: name to quantity string or
 * number) and 'time' (an RFC 3339 timestamp, metav1.Time or MicroTime).
 */
export type Leaf = true | 'string' | 'int' | 'int64' | 'bool' | 'intOrString' | 'strings' | 'map' | 'quantities' | 'time';

/** LIST is the key under which a list schema holds its element schema. */
export const LIST = '[]';

/** FieldSchema describes the known fields of an object. */
export interface FieldSchema {
  [field: string]: FieldSchema | Leaf;
}

/** list marks a field as a list of objects described by element. */
export function list(element: FieldSchema): FieldSchema {
  return { [LIST]: element };
}

/** OBJECT_META lists metav1.ObjectMeta's fields. */
export const OBJECT_META: FieldSchema = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64',
  labels: 'map',
  annotations: 'map',
  ownerReferences: list({ apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' }),
  finalizers: 'strings',
  managedFields: true,
};

/** LABEL_SELECTOR is metav1.LabelSelector. */
export const LABEL_SELECTOR: FieldSchema = {
  matchLabels: 'map',
  matchExpressions: list({ key: 'string', operator: 'string', values: 'strings' }),
};

/** topLevel builds a kind's schema from its own top-level fields plus apiVersion/kind/metadata. */
export function topLevel(fields: FieldSchema): FieldSchema {
  return { apiVersion: 'string', kind: 'string', metadata: OBJECT_META, ...fields };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** FieldReport is what inspectFields finds in a value. */
export interface FieldReport {
  /** Paths of fields the schema does not know: `spec.containers[0].imagePullPolcy`. */
  unknown: string[];
  /** The same paths as segments (keys and indexes), exact even for keys holding '.' or '[' or empty ones. */
  unknownSegments: (string | number)[][];
  /** Values of the wrong JSON type, with the Go type the decoder wanted. */
  typeErrors: { path: string; got: string; want: string }[];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

const GO_TYPES: Record<Exclude<Leaf, true>, string> = {
  string: 'string',
  int: 'int32',
  int64: 'int64',
  bool: 'bool',
  intOrString: 'intstr.IntOrString',
  strings: '[]string',
  map: 'map[string]string',
  quantities: 'v1.ResourceList',
  time: 'v1.Time',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function leafOk(leaf: Exclude<Leaf, true>, v: unknown): boolean {
  switch (leaf) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      // Go's decoder refuses a number that does not fit the field's int32.
      return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
    case 'int64':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'time':
      // An empty string reads as the zero time; anything else must parse as RFC 3339.
      return typeof v === 'string' && (v === '' || (RFC3339.test(v) && !Number.isNaN(Date.parse(v))));
    case 'quantities':
      return isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number');
    case 'bool':
      return typeof v === 'boolean';
    case 'intOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX);
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'map':
      return isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string' || x === null);
  }
}

/**
 * inspectFields walks value against schema, in the decoder's path notation,
 * reporting unknown fields and values of the wrong JSON type (an object where
 * a list belongs, a number for a string…). null is accepted anywhere but
 * inside lists (it means "unset", as in Go's decoder).
 */
export function inspectFields(value: unknown, schema: FieldSchema, path = ''): FieldReport {
  const report: FieldReport = { unknown: [], unknownSegments: [], typeErrors: [] };
  const walkObject = (v: unknown, s: FieldSchema, p: string, segs: (string | number)[]): void => {
    if (!isPlainObject(v)) {
      report.typeErrors.push({ path: p, got: jsonType(v), want: 'object' });
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      // LIST is the schema's own marker, never a field name.
      const sub = k !== LIST && Object.hasOwn(s, k) ? s[k] : undefined;
      const childPath = p ? `${p}.${k}` : k;
      if (sub === undefined) {
        report.unknown.push(childPath);
        report.unknownSegments.push([...segs, k]);
      } else walkField(child, sub, childPath, [...segs, k]);
    }
  };
  const walkField = (v: unknown, sub: FieldSchema | Leaf, p: string, segs: (string | number)[]): void => {
    if (v === null || v === undefined || sub === true) return;
    if (typeof sub === 'string') {
      if (!leafOk(sub, v)) report.typeErrors.push({ path: p, got: jsonType(v), want: GO_TYPES[sub] });
      return;
    }
    const element = Object.hasOwn(sub, LIST) ? (sub[LIST] as FieldSchema) : undefined;
    if (!element) {
      walkObject(v, sub, p, segs);
      return;
    }
    if (!Array.isArray(v)) {
      report.typeErrors.push({ path: p, got: jsonType(v), want: 'array' });
      return;
    }
    v.forEach((el, i) => walkObject(el, element, `${p}[${i}]`, [...segs, i]));
  };
  walkObject(value, schema, path, []);
  return report;
}

/** unknownFields lists the paths of fields in value that schema does not know. */
export function unknownFields(value: unknown, schema: FieldSchema, path = ''): string[] {
  return inspectFields(value, schema, path).unknown;
}
