/**
 * The typed walks of structured merge over JSON values and their TypeNodes:
 * - fieldSetOf: the fields a value sets (an applier's configuration);
 * - compare: which fields an update added, modified and removed;
 * - mergeApplied: a configuration applied over the live object;
 * - removeFields: fields no manager owns any more, taken out of an object.
 * Lists merge by their list type: atomic lists are one value, sets by
 * element value, map-typed lists by their key fields.
 */
import { fieldElement, FieldSet, indexElement, keyElement, valueElement, type PathElement } from './fieldset';
import { fieldSchema, isDeclaredField, keyDefault, typeOf, type TypeNode } from './type-model';

type Json = unknown;
type Schema = Record<string, unknown> | undefined;
type JsonMap = Record<string, Json>;

function isMap(v: Json): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as JsonMap);
  const bm = b as JsonMap;
  return ka.length === Object.keys(bm).length && ka.every((k) => Object.prototype.hasOwnProperty.call(bm, k) && deepEqual((a as JsonMap)[k], bm[k]));
}

/** granularMap reports whether value walks as a map of fields under t (not one atomic value). */
function granularMap(t: TypeNode, value: Json): value is JsonMap {
  return isMap(value) && ((t.kind === 'map' && !t.atomic) || t.kind === 'deduced');
}

/** granularList reports whether value walks element by element under t. */
function granularList(t: TypeNode, value: Json): value is Json[] {
  return Array.isArray(value) && t.kind === 'list' && t.listType !== 'atomic';
}

/** elementOf is the path element of a list element (a key, a value or, failing both, an index). */
export function elementOf(t: TypeNode, item: Json, index: number): PathElement {
  if (t.kind === 'list' && t.listType === 'set') return valueElement(item);
  if (t.kind === 'list' && t.listType === 'map' && isMap(item)) {
    const key: JsonMap = {};
    for (const k of t.keys) {
      const v = item[k] ?? keyDefault(k);
      if (v !== undefined) key[k] = v;
    }
    if (Object.keys(key).length) return keyElement(key);
  }
  return indexElement(index);
}

/** elementSchema is a list's element schema. */
function elementSchema(t: TypeNode): Schema {
  return t.kind === 'list' ? t.elem : undefined;
}

/**
 * fieldSetOf collects the fields value sets under schema into set (at path).
 * With markMaps, a free-form map (labels, annotations) is itself a member
 * too, as Kubernetes records a map an update added.
 */
export function fieldSetOf(value: Json, schema: Schema, set: FieldSet, path: PathElement[] = [], markMaps = false): FieldSet {
  if (path.length === 0) collect(value, schema, set, undefined, markMaps);
  else collect(value, schema, path.slice(0, -1).reduce((node, pe) => node.child(pe), set), path[path.length - 1], markMaps);
  return set;
}

/** collect adds the fields of value, found at pe below parent (at parent itself when pe is undefined). */
function collect(value: Json, schema: Schema, parent: FieldSet, pe: PathElement | undefined, markMaps: boolean): void {
  const t = typeOf(schema);
  if (granularMap(t, value)) {
    const keys = Object.keys(value);
    const freeForm = t.kind === 'map' && t.elem !== undefined && Object.keys(t.fields).length === 0;
    if (pe !== undefined && (keys.length === 0 || (markMaps && freeForm))) parent.members.add(pe);
    const node = pe === undefined ? parent : parent.child(pe);
    for (const k of keys) {
      const child = fieldElement(k);
      const v = value[k];
      collect(v, fieldSchema(t, k), node, child, markMaps);
      // A free-form map's entry is a member of its own; so is a null or empty value.
      if (v === null || (isMap(v) && Object.keys(v).length === 0) || !isDeclaredField(t, k)) node.members.add(child);
    }
    return;
  }
  if (granularList(t, value)) {
    const node = pe === undefined ? parent : parent.child(pe);
    value.forEach((item, i) => {
      const child = elementOf(t, item, i);
      collect(item, elementSchema(t), node, child, markMaps);
      node.members.add(child);
    });
    return;
  }
  if (pe !== undefined) parent.members.add(pe);
}

/** Comparison is what changed between two versions of an object. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** compare finds the fields added, modified and removed from before to after (undefined: absent). */
export function compare(before: Json, after: Json, schema: Schema): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(before, after, schema, [], out);
  return out;
}

function compareAt(before: Json, after: Json, schema: Schema, path: PathElement[], out: Comparison): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    fieldSetOf(after, schema, out.added, path, true);
    return;
  }
  if (after === undefined) {
    fieldSetOf(before, schema, out.removed, path);
    if (path.length) out.removed.insert(path);
    return;
  }
  const t = typeOf(schema);
  if (granularMap(t, before) && granularMap(t, after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const p = [...path, fieldElement(k)];
      const b = before[k];
      const a = after[k];
      compareAt(b, a, fieldSchema(t, k), p, out);
      if (b === undefined && (a === null || (isMap(a) && Object.keys(a).length === 0) || !isDeclaredField(t, k))) out.added.insert(p);
    }
    return;
  }
  if (granularList(t, before) && granularList(t, after)) {
    const items = (list: Json[]) => new Map(list.map((item, i) => [elementOf(t, item, i), item] as const));
    const b = items(before);
    const a = items(after);
    for (const pe of new Set([...b.keys(), ...a.keys()])) {
      const p = [...path, pe];
      compareAt(b.get(pe), a.get(pe), elementSchema(t), p, out);
      if (!b.has(pe)) out.added.insert(p);
    }
    return;
  }
  if (!deepEqual(before, after) && path.length) out.modified.insert(path);
}

/**
 * mergeApplied applies a configuration over the live value: fields the
 * configuration sets replace live ones, maps merge field by field,
 * map-typed lists and sets element by element (live order kept, new
 * elements appended), atomic lists and scalars are replaced whole. A null
 * in the configuration removes the field.
 */
export function mergeApplied(live: Json, config: Json, schema: Schema): Json {
  if (config === undefined) return live;
  const t = typeOf(schema);
  if (granularMap(t, config) && isMap(live)) {
    const out: JsonMap = { ...live };
    for (const [k, v] of Object.entries(config)) {
      if (v === null) delete out[k];
      else out[k] = mergeApplied(live[k], v, fieldSchema(t, k));
    }
    return out;
  }
  if (granularList(t, config) && Array.isArray(live)) {
    const fromConfig = new Map(config.map((item, i) => [elementOf(t, item, i), item] as const));
    const out: Json[] = [];
    const seen = new Set<PathElement>();
    live.forEach((item, i) => {
      const pe = elementOf(t, item, i);
      // A duplicate key in the live list (env allows them) is kept as it is.
      if (seen.has(pe)) {
        out.push(item);
        return;
      }
      seen.add(pe);
      out.push(fromConfig.has(pe) ? mergeApplied(item, fromConfig.get(pe), elementSchema(t)) : item);
    });
    for (const [pe, item] of fromConfig) if (!seen.has(pe)) out.push(mergeApplied(undefined, item, elementSchema(t)));
    return out;
  }
  if (granularMap(t, config)) return mergeApplied({}, config, schema);
  return config;
}

/**
 * removeFields takes the members of remove out of value (in place): a field,
 * map entry or list element goes whole, unless keep (what other managers
 * own) has fields below it — then only remove's own fields below it go.
 * A map or list left empty by the removal goes too.
 */
export function removeFields(value: Json, schema: Schema, remove: FieldSet, keep: FieldSet): void {
  const t = typeOf(schema);
  if (isMap(value) && (t.kind === 'map' || t.kind === 'deduced')) {
    for (const k of Object.keys(value)) {
      const pe = fieldElement(k);
      if (removeChild(value[k], fieldSchema(t, k), pe, remove, keep)) delete value[k];
    }
    return;
  }
  if (Array.isArray(value) && t.kind === 'list') {
    const kept = value.filter((item, i) => !removeChild(item, elementSchema(t), elementOf(t, item, i), remove, keep));
    value.splice(0, value.length, ...kept);
  }
}

/** removeChild handles one child of removeFields; true when the child must go. */
function removeChild(child: Json, schema: Schema, pe: PathElement, remove: FieldSet, keep: FieldSet): boolean {
  const keepBelow = keep.children.get(pe);
  const keptBelow = Boolean(keepBelow && !keepBelow.empty()) || keep.members.has(pe);
  if (remove.members.has(pe) && !keptBelow) return true;
  const below = remove.children.get(pe);
  if (!below || below.empty()) return false;
  const wasFilled = (isMap(child) && Object.keys(child).length > 0) || (Array.isArray(child) && child.length > 0);
  removeFields(child, schema, below, keepBelow ?? new FieldSet());
  const nowEmpty = (isMap(child) && Object.keys(child).length === 0) || (Array.isArray(child) && child.length === 0);
  return wasFilled && nowEmpty;
}
