/**
 * Shared read-only copies: one deeply frozen copy per source object, handed
 * to every caller that asks for the same source (see SharedReadOnly in
 * types.ts). The source is the registry's decoded object of one revision,
 * which every watcher of that revision's event receives; the copy lives as
 * long as the source or a holder of the copy does.
 */

const copies = new WeakMap<object, unknown>();

/**
 * sharedCopy returns the frozen copy of obj, made (structuredClone, then
 * deepFreeze) on first request. An object already frozen (the registry's
 * watch events hand out its decoded objects deeply frozen, the watch cache's
 * own) is shared as it is: informers and the watch cache hold one copy.
 */
export function sharedCopy<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null || Object.isFrozen(obj)) return obj;
  const hit = copies.get(obj);
  if (hit !== undefined) return hit as T;
  const copy = deepFreeze(structuredClone(obj));
  copies.set(obj, copy);
  return copy;
}

/** deepFreeze freezes v and everything it holds; returns v. */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  return v;
}
