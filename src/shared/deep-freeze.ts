/**
 * deepFreeze: objects shared by several holders (the registry's decode of one
 * stored revision, handed to every watcher and held by the watch cache; the
 * informers' read-only copies) are frozen, so no holder can change what the
 * others see.
 */

/** deepFreeze freezes v and everything it holds; returns v. An object already frozen is taken as frozen throughout. */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  return v;
}
