/** JSON merge patch (RFC 7386), the `application/merge-patch+json` PATCH form. */
import { cloneJson, hasOwn, isJsonObject, setOwn, type JsonObject } from './json-value';

/**
 * applyMergePatch applies an RFC 7386 merge patch: objects merge recursively,
 * `null` deletes a key, anything else (arrays included) replaces. Neither
 * argument is mutated; the result shares no structure with them.
 */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const base = isJsonObject(original) ? original : {};
  const target: JsonObject = {};
  // Walk the original first so patched keys keep their place in the output.
  for (const [key, value] of Object.entries(base)) {
    if (!hasOwn(patch, key)) setOwn(target, key, cloneJson(value));
    else if (patch[key] !== null) setOwn(target, key, applyMergePatch(value, patch[key]));
  }
  for (const [key, value] of Object.entries(patch)) {
    // Recursing clones, and drops nulls inside objects new to the target.
    if (!hasOwn(base, key) && value !== null) setOwn(target, key, applyMergePatch(undefined, value));
  }
  return target;
}
