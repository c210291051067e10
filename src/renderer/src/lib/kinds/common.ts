/** Columns and helpers several kind descriptors share. */
import type { KubeObject } from '../../../../shared/api/meta';
import { formatAge } from '../k8s/age';
import type { Column } from './kind';

/** AGE is kubectl's AGE column (sorted by creation time, oldest last). */
export const AGE: Column = {
  header: 'Age',
  value: (o, now) => formatAge(o.metadata.creationTimestamp, now),
  numeric: (o) => -(Date.parse(o.metadata.creationTimestamp ?? '') || 0),
};

/** count renders the number of keys of a map ("3"). */
export function count(map: Record<string, unknown> | undefined): string {
  return String(Object.keys(map ?? {}).length);
}

/** sameNamespace reports whether two objects live in the same namespace. */
export function sameNamespace(a: KubeObject, b: KubeObject): boolean {
  return a.metadata.namespace === b.metadata.namespace;
}
