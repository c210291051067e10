/**
 * Label and field selector strings as the fake client understands them
 * (`a=b,c!=d,e in (x,y),f notin (z),g,!h`; fields `metadata.name=x,spec.nodeName!=`).
 */
import type { KubeObject } from '../../../shared/api/meta';

type Requirement = (labels: Record<string, string>) => boolean;

/** parseLabelSelector turns a selector string into a predicate over labels. */
export function parseLabelSelector(sel: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (!sel || !sel.trim()) return () => true;
  const reqs: Requirement[] = [];
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of sel) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/))) {
      const key = m[1]!;
      const vals = new Set(m[3]!.split(',').map((v) => v.trim()));
      const neg = m[2] === 'notin';
      reqs.push((l) => (neg ? !(key in l) || !vals.has(l[key]!) : key in l && vals.has(l[key]!)));
    } else if ((m = p.match(/^([^\s!=]+)\s*!=\s*(.*)$/))) {
      const [, key, val] = m as unknown as [string, string, string];
      reqs.push((l) => l[key] !== val.trim());
    } else if ((m = p.match(/^([^\s!=]+)\s*==?\s*(.*)$/))) {
      const [, key, val] = m as unknown as [string, string, string];
      reqs.push((l) => l[key] === val.trim());
    } else if ((m = p.match(/^!\s*(\S+)$/))) {
      const key = m[1]!;
      reqs.push((l) => !(key in l));
    } else if (p) {
      reqs.push((l) => p in l);
    }
  }
  return (labels) => reqs.every((r) => r(labels ?? {}));
}

function fieldValue(obj: KubeObject, path: string): string {
  let v: unknown = obj;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return '';
    v = (v as Record<string, unknown>)[seg];
  }
  return v === undefined || v === null ? '' : String(v);
}

/** parseFieldSelector turns `f=v,g!=w` into a predicate over objects. */
export function parseFieldSelector(sel: string | undefined): (obj: KubeObject) => boolean {
  if (!sel || !sel.trim()) return () => true;
  const reqs = sel.split(',').map((p) => {
    const m = p.trim().match(/^([^!=]+)\s*(!=|==|=)\s*(.*)$/);
    if (!m) throw new Error(`invalid field selector: ${p}`);
    const [, field, op, val] = m as unknown as [string, string, string, string];
    return (o: KubeObject) => (fieldValue(o, field.trim()) === val.trim()) !== (op === '!=');
  });
  return (o) => reqs.every((r) => r(o));
}
