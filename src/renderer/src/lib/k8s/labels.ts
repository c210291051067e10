/** Label selectors typed into the filter box ("app=web,tier!=db,env in (a,b),!legacy"), parsed as the apiserver parses them. */
import { labelSelectorFromObject, parseLabelSelector as parseSelector } from '../../../../shared/selectors';

type Requirement = (labels: Record<string, string>) => boolean;

/**
 * parseLabelSelector compiles a selector string; a malformed one throws a
 * SelectorError whose message (the apiserver's, e.g. "unable to parse
 * requirement: ...") the filter box shows.
 */
export function parseLabelSelector(selector: string): Requirement {
  const m = parseSelector(selector);
  return (labels) => m.matches(labels);
}

/** matchesLabels tests labels against a Service-style {matchLabels} map; an empty or missing map selects nothing. */
export function matchesLabels(labels: Record<string, string> | undefined, matchLabels: Record<string, string> | undefined): boolean {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return labelSelectorFromObject({ matchLabels }).matches(labels);
}
