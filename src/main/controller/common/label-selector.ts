/** metav1.LabelSelector matching, as controllers use it to find their pods and replica sets. */
import type { LabelSelector } from '../../../shared/api/meta';

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/**
 * selectorMatcher compiles a LabelSelector. As in Kubernetes' LabelSelectorAsSelector,
 * a nil selector matches nothing and an empty one matches everything.
 */
export function selectorMatcher(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return () => false;
  const ml = Object.entries(sel.matchLabels ?? {});
  const exprs = sel.matchExpressions ?? [];
  return (labels) => {
    const l = labels ?? {};
    for (const [k, v] of ml) if (l[k] !== v) return false;
    for (const e of exprs) {
      const has = Object.prototype.hasOwnProperty.call(l, e.key);
      const vals = e.values ?? [];
      switch (e.operator) {
        case 'In':
          if (!has || !vals.includes(l[e.key]!)) return false;
          break;
        case 'NotIn':
          if (has && vals.includes(l[e.key]!)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

/** selectorIsEmpty reports a selector that would select everything (Kubernetes refuses those for controllers). */
export function selectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** selectorToString renders a LabelSelector in the query-string form (`a=b,c in (x,y)`), e.g. for `status.selector` of a Scale. */
export function selectorToString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
