/** Content negotiation for API responses: plain JSON or meta.k8s.io/v1 Table. */

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** wantsTable reports whether the Accept header prefers a Table (kubectl get's human output). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',').find((part) => part.trim() !== '');
  if (!first) return false;
  // kubectl lists Table first and plain JSON as the fallback.
  return /(^|;)\s*as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}

/** includeObjectParam reads ?includeObject= (default Metadata). */
export function includeObjectParam(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** TABLE_CONTENT_TYPE is the Content-Type of Table answers. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
