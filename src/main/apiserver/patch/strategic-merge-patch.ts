/**
 * Strategic merge patch, the `application/strategic-merge-patch+json` PATCH
 * form that `kubectl apply` (client-side), `kubectl patch` and `kubectl edit`
 * send. Follows k8s.io/apimachinery's strategicpatch as the API server runs it
 * (parallel-list directives on, unmatched nulls ignored): maps merge, `null`
 * deletes, lists tagged `merge` merge by their key (or as a set), every other
 * list is replaced, and the directives `$patch`, `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` apply.
 */
import { badRequest, unprocessable, unsupportedMediaType } from './errors';
import { cloneJson, hasOwn, isJsonObject, setOwn, type JsonObject } from './json-value';
import { schemaForKind, type FieldMeta, type Schema } from './patch-meta';

const PATCH_DIRECTIVE = '$patch';
const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList/';

/**
 * applyStrategicMergePatch applies a strategic merge patch to an object of the
 * given kind and returns the result; neither input is mutated. A kind without
 * patch metadata answers 415 like Kubernetes does for custom resources; a
 * malformed patch or an unknown directive is 400 BadRequest; patch content
 * outside its own `$retainKeys` list is 422.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, kind: string): unknown {
  const schema = schemaForKind(kind);
  if (!schema) throw unsupportedMediaType();
  // Go decodes a null body into a nil map, which patches nothing.
  if (patch === null) return cloneJson(original);
  if (!isJsonObject(original) || !isJsonObject(patch)) throw badRequest('invalid JSON document');
  // Work on copies: the merge below edits its arguments in place.
  return mergeMap(cloneJson(original), cloneJson(patch), schema);
}

/** mergeMap merges `patch` into `original`; both are private copies it may edit. */
function mergeMap(original: JsonObject, patch: JsonObject, schema: Schema | undefined): JsonObject {
  if (hasOwn(patch, PATCH_DIRECTIVE)) {
    const directive = patch[PATCH_DIRECTIVE];
    delete patch[PATCH_DIRECTIVE];
    // As in Kubernetes, deleting a map leaves an empty one in its place.
    if (directive === 'delete') return {};
    if (directive === 'replace') return mergeMap({}, patch, schema);
    // `merge` is the default behaviour, so it is accepted and ignored.
    if (directive !== 'merge') throw unknownPatchType(directive, patch);
  }
  applyRetainKeys(original, patch);
  for (const key of Object.keys(patch)) {
    if (key.startsWith(SET_ELEMENT_ORDER_PREFIX)) applySetElementOrder(original, patch, key, schema);
  }
  const deletions: string[] = [];
  for (const [key, patchValue] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      deletions.push(key);
      continue;
    }
    if (key.startsWith('$')) throw badRequest(`unknown strategic merge patch directive: ${key}`);
    const meta = fieldMeta(schema, key);
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    if (!hasOwn(original, key)) {
      // Deleting what is not there is a no-op rather than an empty map.
      if (isJsonObject(patchValue) && patchValue[PATCH_DIRECTIVE] === 'delete') continue;
      setOwn(original, key, fresh(patchValue, meta));
      continue;
    }
    const originalValue = original[key];
    if (isJsonObject(originalValue) && isJsonObject(patchValue)) {
      setOwn(original, key, mergeMap(originalValue, patchValue, meta?.fields));
    } else if (Array.isArray(originalValue) && Array.isArray(patchValue)) {
      setOwn(original, key, mergeList(originalValue, patchValue, meta));
    } else {
      // Different kinds of value, or scalars: the patch value wins.
      setOwn(original, key, fresh(patchValue, meta));
    }
  }
  for (const key of deletions) deleteFromPrimitiveList(original, key, patch[key]);
  return original;
}

function fieldMeta(schema: Schema | undefined, key: string): FieldMeta | undefined {
  return schema && hasOwn(schema, key) ? schema[key] : undefined;
}

function isMergeList(meta: FieldMeta | undefined): meta is FieldMeta {
  return meta?.strategy?.includes('merge') ?? false;
}

/**
 * fresh turns a patch value with nothing to merge into a plain value: nulls
 * inside maps are dropped and directives are carried out against nothing.
 */
function fresh(value: unknown, meta: FieldMeta | undefined): unknown {
  if (isJsonObject(value)) return mergeMap({}, value, meta?.fields);
  if (Array.isArray(value)) return freshList(value, meta);
  return value;
}

/** freshList is `fresh` for a list: directive-only elements vanish, others are made plain. */
function freshList(list: unknown[], meta: FieldMeta | undefined): unknown[] {
  const out: unknown[] = [];
  for (const element of list) {
    if (isJsonObject(element) && hasOwn(element, PATCH_DIRECTIVE)) {
      const directive = element[PATCH_DIRECTIVE];
      if (directive === 'delete' || directive === 'replace') continue;
      if (directive !== 'merge') throw unknownPatchType(directive, element);
      const { [PATCH_DIRECTIVE]: _merge, ...rest } = element;
      if (Object.keys(rest).length > 0) out.push(mergeMap({}, rest, meta?.fields));
      continue;
    }
    out.push(isJsonObject(element) ? mergeMap({}, element, meta?.fields) : element);
  }
  return out;
}

/**
 * mergeList merges a patch list into an original list. Lists not tagged
 * `merge` are replaced. Merge lists first honour `$patch` elements (delete
 * by key, replace the whole list), then merge maps by their merge key —
 * matching elements merge, new ones are appended — or, for primitives, form
 * a set keeping the first occurrence.
 */
function mergeList(original: unknown[], patch: unknown[], meta: FieldMeta | undefined): unknown[] {
  if (!isMergeList(meta)) return freshList(patch, meta);
  const mergeKey = meta.mergeKey;
  let list = original.slice();
  const elements: unknown[] = [];
  let replace = false;
  for (const element of patch) {
    if (!isJsonObject(element) || !hasOwn(element, PATCH_DIRECTIVE)) {
      elements.push(element);
      continue;
    }
    const directive = element[PATCH_DIRECTIVE];
    if (directive === 'replace') {
      replace = true;
    } else if (directive === 'delete') {
      if (!mergeKey) {
        throw badRequest('$patch: delete needs a list merged by key; use $deleteFromPrimitiveList for primitives');
      }
      if (!hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
      list = list.filter((item) => !(isJsonObject(item) && sameValue(item[mergeKey], element[mergeKey])));
    } else if (directive === 'merge') {
      const { [PATCH_DIRECTIVE]: _merge, ...rest } = element;
      // A bare {"$patch":"merge"} only restates the default.
      if (Object.keys(rest).length > 0) elements.push(rest);
    } else {
      throw unknownPatchType(directive, element);
    }
  }
  if (replace) return freshList(elements, meta);

  if (!mergeKey) {
    const merged: unknown[] = [];
    for (const item of [...list, ...elements]) {
      if (isJsonObject(item)) throw badRequest('cannot merge lists without merge key for map');
      if (!merged.some((m) => sameValue(m, item))) merged.push(item);
    }
    return merged;
  }

  for (const element of elements) {
    if (!isJsonObject(element)) {
      throw badRequest(`cannot merge a ${typeof element} into a list of maps merged by ${mergeKey}`);
    }
    if (!hasOwn(element, mergeKey)) throw noMergeKey(element, mergeKey);
    const index = list.findIndex((item) => isJsonObject(item) && sameValue(item[mergeKey], element[mergeKey]));
    if (index >= 0) {
      list[index] = mergeMap(list[index] as JsonObject, element, meta.fields);
    } else {
      list.push(mergeMap({}, element, meta.fields));
    }
  }
  return list;
}

/**
 * applyRetainKeys carries out `$retainKeys`: keys of the original not listed
 * are cleared (a union type switching member, e.g. a Deployment strategy going
 * from RollingUpdate to Recreate). The patch may set only listed keys.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const keep = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw badRequest('invalid patch format of retainKeys');
  }
  const kept = new Set<string>(keep);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !key.startsWith('$') && !kept.has(key)) {
      throw unprocessable("patch content doesn't match retainKeys list");
    }
  }
  for (const key of Object.keys(original)) {
    if (!kept.has(key)) delete original[key];
  }
}

/**
 * applySetElementOrder merges the list named by a `$setElementOrder/<list>`
 * key (with its patch list, if any) and then orders it: elements named in the
 * order list come in that order, elements only the server has keep their
 * place relative to them as in the original list. The patch list is consumed.
 */
function applySetElementOrder(original: JsonObject, patch: JsonObject, key: string, schema: Schema | undefined): void {
  const order = patch[key];
  delete patch[key];
  if (!Array.isArray(order)) throw badRequest('invalid patch format of setElementOrder list');
  const field = key.slice(SET_ELEMENT_ORDER_PREFIX.length);
  const meta = fieldMeta(schema, field);
  const patchList = hasOwn(patch, field) ? patch[field] : [];
  // A null or non-list patch value is left to the ordinary merge, which replaces or deletes.
  if (!Array.isArray(patchList)) return;
  const originalList = hasOwn(original, field) ? original[field] : undefined;
  const serverOrder = Array.isArray(originalList) ? originalList : [];
  if (!Array.isArray(originalList) && patchList.length === 0) return;
  let merged: unknown[];
  if (!Array.isArray(originalList)) merged = freshList(patchList, meta);
  // With no patch list the order alone applies (a list that is not merged must not be emptied).
  else if (!hasOwn(patch, field)) merged = originalList.slice();
  else merged = mergeList(originalList, patchList, meta);
  delete patch[field];
  const mergeKey = isMergeList(meta) ? meta.mergeKey : undefined;
  setOwn(original, field, orderElements(merged, order, serverOrder, mergeKey));
}

function orderElements(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  const identity = (item: unknown): string => {
    if (!mergeKey) return JSON.stringify(item);
    if (!isJsonObject(item) || !hasOwn(item, mergeKey)) {
      throw badRequest(`element ${JSON.stringify(item)} of a setElementOrder list or its list lacks merge key ${mergeKey}`);
    }
    return JSON.stringify(item[mergeKey]);
  };
  const positions = (list: unknown[]): Map<string, number> => {
    const m = new Map<string, number>();
    list.forEach((item, i) => {
      const id = identity(item);
      if (!m.has(id)) m.set(id, i);
    });
    return m;
  };
  const patchPosition = positions(order);
  const serverPosition = positions(serverOrder);
  const at = (m: Map<string, number>, item: unknown): number => m.get(identity(item)) ?? -1;

  // Array.prototype.sort is stable, so ties keep their merged order.
  const patchItems = merged.filter((i) => patchPosition.has(identity(i))).sort((a, b) => at(patchPosition, a) - at(patchPosition, b));
  const serverOnly = merged.filter((i) => !patchPosition.has(identity(i))).sort((a, b) => at(serverPosition, a) - at(serverPosition, b));

  // Interleave: a server-only element goes first only when the original list
  // shows it before the next ordered element; otherwise the ordered one leads.
  const out: unknown[] = [];
  let s = 0;
  let p = 0;
  while (s < serverOnly.length || p < patchItems.length) {
    if (p >= patchItems.length) {
      out.push(serverOnly[s++]);
    } else if (s >= serverOnly.length) {
      out.push(patchItems[p++]);
    } else {
      const si = at(serverPosition, serverOnly[s]);
      const pi = at(serverPosition, patchItems[p]);
      if (si >= 0 && pi >= 0 && si < pi) out.push(serverOnly[s++]);
      else out.push(patchItems[p++]);
    }
  }
  return out;
}

/** deleteFromPrimitiveList carries out `$deleteFromPrimitiveList/<list>`. */
function deleteFromPrimitiveList(original: JsonObject, key: string, values: unknown): void {
  if (!Array.isArray(values)) throw badRequest('invalid patch format of primitive list');
  const field = key.slice(DELETE_FROM_PRIMITIVE_LIST_PREFIX.length);
  const list = hasOwn(original, field) ? original[field] : undefined;
  if (!Array.isArray(list)) return;
  setOwn(original, field, list.filter((item) => !values.some((v) => sameValue(v, item))));
}

/** sameValue compares JSON values structurally (merge key values, set members). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function unknownPatchType(directive: unknown, where: JsonObject) {
  return badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(where)}`);
}

function noMergeKey(element: JsonObject, mergeKey: string) {
  return badRequest(`map: ${JSON.stringify(element)} does not contain declared merge key: ${mergeKey}`);
}
