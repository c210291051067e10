/** What "will be configured" changes: a field-level diff between the live object and the dry run's result. */

/** FieldChange is one changed field: its path, and the value before and after (undefined when absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** IGNORED are paths every write changes (or that only the server sets): not the user's change. */
const IGNORED = new Set(['metadata.resourceVersion', 'metadata.managedFields', 'metadata.generation', 'status']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * fieldDiff lists the leaves that differ between `before` and `after`
 * ("spec.replicas: 2 → 5"); lists compare element by element ("…containers[0].image").
 */
export function fieldDiff(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (IGNORED.has(path)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldDiff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => fieldDiff(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

/** showValue renders a value short, for the diff ("<none>" when absent). */
export function showValue(v: unknown): string {
  if (v === undefined) return '<none>';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
