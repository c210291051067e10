/** Completion indexes of Indexed Jobs: the pod's index and Kubernetes' interval notation ("0-2,4"). */
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_LABELS } from '../../../shared/api/batch';
import type { Pod } from '../../../shared/api/core';

/** podCompletionIndex reads a pod's completion index (annotation, else label); undefined if absent or invalid. */
export function podCompletionIndex(pod: Readonly<Pod>): number | undefined {
  const raw = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION] ?? pod.metadata.labels?.[JOB_LABELS.completionIndex];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** formatIndexes renders sorted, distinct indexes as intervals: [0,1,2,4] → "0-2,4". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** parseIndexes reads Kubernetes' interval notation back ("0-2,4" → [0,1,2,4]). */
export function parseIndexes(text: string | undefined): number[] {
  const out: number[] = [];
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}
