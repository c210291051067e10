/**
 * Label and field selector strings as the fake client understands them: the
 * apiserver's own parsing (src/shared/selectors.ts, with its 400 BadRequest
 * on bad syntax), with field values read from the object by their dotted path
 * (`metadata.name`, `spec.nodeName`, `status.phase`, ...).
 */
import type { KubeObject } from '../../../shared/api/meta';
import { parseFieldSelector as parseFieldSelectorApi, parseLabelSelector as parseLabelSelectorApi } from '../../apiserver/selectors';

/** parseLabelSelector turns a selector string into a predicate over labels; bad syntax is a 400 ApiError. */
export function parseLabelSelector(sel: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  const m = parseLabelSelectorApi(sel);
  return (labels) => m.matches(labels);
}

function fieldValue(obj: KubeObject, path: string): string {
  let v: unknown = obj;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return '';
    v = (v as Record<string, unknown>)[seg];
  }
  return v === undefined || v === null ? '' : String(v);
}

/** parseFieldSelector turns `f=v,g!=w` into a predicate over objects (any dotted field may be named); bad syntax is a 400 ApiError. */
export function parseFieldSelector(sel: string | undefined): (obj: KubeObject) => boolean {
  const m = parseFieldSelectorApi(sel);
  if (m.empty) return () => true;
  return (o) => m.matches(Object.fromEntries(m.requirements.map((r) => [r.field, fieldValue(o, r.field)])));
}
