/** Label selectors typed into the filter box ("app=web,tier!=db,env in (a,b),!legacy"). */

type Requirement = (labels: Record<string, string>) => boolean;

/** parseLabelSelector compiles a selector string; throws on a malformed one. */
export function parseLabelSelector(selector: string): Requirement {
  const parts = selector
    .split(/,(?![^(]*\))/)
    .map((p) => p.trim())
    .filter(Boolean);
  const reqs: Requirement[] = parts.map((p) => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    if (m) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      const values = list.split(',').map((v) => v.trim());
      return op === 'in' ? (l) => key in l && values.includes(l[key] as string) : (l) => !(key in l) || !values.includes(l[key] as string);
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(p);
    if (m) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(p);
    if (m) {
      const [, not, key] = m as unknown as [string, string, string];
      return not ? (l) => !(key in l) : (l) => key in l;
    }
    throw new Error(`invalid label selector: ${p}`);
  });
  return (labels) => reqs.every((r) => r(labels));
}

/** matchesSelector tests labels against a {matchLabels} selector. */
export function matchesLabels(labels: Record<string, string> | undefined, matchLabels: Record<string, string> | undefined): boolean {
  if (!matchLabels || Object.keys(matchLabels).length === 0) return false;
  return Object.entries(matchLabels).every(([k, v]) => labels?.[k] === v);
}
