/** JSON Patch (RFC 6902), the `application/json-patch+json` PATCH form, on fast-json-patch. */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, patchNotApplicable, requestEntityTooLarge } from './errors';
import { cloneJson, goTypeName, isJsonObject } from './json-value';

/** Kubernetes refuses JSON patches longer than this (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/**
 * applyJsonPatch applies an RFC 6902 operation list (add, remove, replace,
 * move, copy, test) and returns the new document; `original` is not mutated.
 * Errors follow the Kubernetes API server: a body that is not a list of
 * operation objects is 400 BadRequest (with Go's decoding message), a list
 * longer than 10,000 is 413, and an operation that cannot be applied (failed
 * `test`, unresolvable path, unknown `op`) is 422 Invalid.
 */
export function applyJsonPatch(original: unknown, ops: unknown): unknown {
  // Go decodes a JSON null into a nil slice: an empty patch.
  if (ops === null) return cloneJson(original);
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${goTypeName(ops)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of ops) {
    if (!isJsonObject(op)) {
      throw badRequest(`json: cannot unmarshal ${goTypeName(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  // Clone the operations too: fast-json-patch inserts `value` objects by reference.
  const operations = cloneJson(ops) as Operation[];
  try {
    // validate=true checks each op before applying it; mutateDocument=false
    // makes the library work on its own deep copy of `original`.
    return jsonpatch.applyPatch(original, operations, true, false, true).newDocument;
  } catch (err) {
    // Anything the library throws while applying (including its TypeError for
    // a __proto__ path) means this patch does not apply to this document.
    throw patchNotApplicable(err instanceof jsonpatch.JsonPatchError ? describe(err) : String(err));
  }
}

function describe(err: InstanceType<typeof jsonpatch.JsonPatchError>): string {
  const op: unknown = err.operation;
  const where = isJsonObject(op) && typeof op.path === 'string' ? ` at ${op.path}` : '';
  const index = err.index === undefined ? '' : ` (operation ${err.index})`;
  return `${err.name}${where}${index}`;
}
