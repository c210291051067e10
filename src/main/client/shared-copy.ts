/**
 * Shared read-only copies: one deeply frozen copy per source object, handed
 * to every caller that asks for the same source (see SharedReadOnly in
 * types.ts). The source is the registry's decoded object of one revision,
 * which every watcher of that revision's event receives; the copy lives as
 * long as the source or a holder of the copy does.
 *
 * The copy leaves out metadata.managedFields, as kube-controller-manager's
 * and kube-scheduler's informers do (TransformStripManagedFields): no
 * controller reads them, an update without them keeps the stored ones, and
 * they were a third of a pod's memory in the caches (5 KB of 15 KB).
 */

import { deepFreeze } from '../../shared/deep-freeze';

const copies = new WeakMap<object, unknown>();

/** sharedCopy returns the frozen copy of obj, made (cacheCopy) on first request. */
export function sharedCopy<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null) return obj;
  const hit = copies.get(obj);
  if (hit !== undefined) return hit as T;
  const copy = cacheCopy(obj);
  copies.set(obj, copy);
  return copy;
}

/** cacheCopy is the copy of obj a cache holds: deep, without metadata.managedFields, deeply frozen. */
export function cacheCopy<T>(obj: T): T {
  const meta = (obj as { metadata?: { managedFields?: unknown } } | null)?.metadata;
  if (typeof meta !== 'object' || meta === null || !('managedFields' in meta)) return deepFreeze(structuredClone(obj));
  // Leave them out before copying: they are most of the objects a copy would make.
  const { managedFields: _mf, ...rest } = meta;
  return deepFreeze(structuredClone({ ...(obj as object), metadata: rest }) as T);
}
