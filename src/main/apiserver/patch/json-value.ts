/** JSON value helpers shared by the patch algorithms. */

export type JsonObject = Record<string, unknown>;

/** isJsonObject reports a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** cloneJson deep-copies a JSON value so patching never touches its input. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** goTypeName names a JSON value's kind the way Go's encoding/json does in its errors. */
export function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/**
 * setOwn stores a key as an own data property. Plain assignment would treat a
 * "__proto__" key from a request body as a prototype change.
 */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** hasOwn reports an own key, ignoring anything inherited from Object.prototype. */
export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
