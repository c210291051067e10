/** Taint and toleration matching (Kubernetes' v1helper.TolerationsTolerateTaint). */
import type { Taint, Toleration } from '../../../shared/api/core';

/** tolerates reports whether toleration t tolerates taint. */
export function tolerates(t: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  // An empty key with Exists tolerates every taint.
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** tolerationsTolerate reports whether any of tolerations tolerates taint. */
export function tolerationsTolerate(tolerations: readonly Toleration[] | undefined, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}
