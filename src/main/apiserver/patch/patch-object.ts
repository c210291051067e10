/** patchObject dispatches a PATCH body to its algorithm by content type. */
import { apiError } from '../status';
import type { PatchType } from '../registry/types';
import { applyJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { applyStrategicMergePatch } from './strategic-merge-patch';

/** patchObject applies a JSON merge, JSON or strategic merge patch to original (415 for any other type). */
export function patchObject(type: PatchType, original: object, patch: unknown, kind: string): unknown {
  switch (type) {
    case 'application/merge-patch+json':
      return applyMergePatch(original, patch);
    case 'application/json-patch+json':
      return applyJsonPatch(original, patch);
    case 'application/strategic-merge-patch+json':
      return applyStrategicMergePatch(original, patch, kind);
    default:
      throw apiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
}
