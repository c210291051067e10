/**
 * metav1.LabelSelector matching, as controllers and the scheduler use it to
 * find their pods and replica sets: a thin face over src/shared/selectors.ts.
 */
import type { LabelSelector } from '../../../shared/api/meta';
import { labelSelectorFromObject } from '../../../shared/selectors';

export type LabelMatcher = (labels: Readonly<Record<string, string>> | undefined) => boolean;

/**
 * selectorMatcher compiles a LabelSelector. As in Kubernetes' LabelSelectorAsSelector,
 * a nil selector matches nothing and an empty one matches everything; one with
 * an unknown operator matches nothing.
 */
export function selectorMatcher(sel: LabelSelector | undefined | null): LabelMatcher {
  const m = labelSelectorFromObject(sel);
  return (labels) => m.matches(labels);
}

/** selectorIsEmpty reports a selector that would select everything (Kubernetes refuses those for controllers). */
export function selectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return labelSelectorFromObject(sel).empty;
}
