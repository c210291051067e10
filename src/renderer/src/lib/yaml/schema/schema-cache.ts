/**
 * The schemas the editor checks against, fetched from the cluster the tab
 * shows (/openapi/v3/…, through apiRequest, which adds the tab's context)
 * once per group-version and kept for the page's life.
 */
import { apiRequest } from '../../k8s/client';
import { contextName } from '../../k8s/context';
import { ApiError } from '../../../../../shared/errors';
import { openapiPath, SchemaSet, type OpenApiDoc } from './openapi';

const cache = new Map<string, Promise<SchemaSet | undefined>>();

/** clusterSchemas gives the SchemaSet of an apiVersion, or undefined when the cluster publishes none (404). Failures are not cached. */
export function clusterSchemas(apiVersion: string): Promise<SchemaSet | undefined> {
  const path = openapiPath(apiVersion);
  const key = `${contextName() ?? ''}|${path}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = apiRequest<OpenApiDoc>(path).then(
      (doc) => new SchemaSet(doc),
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 404) return undefined;
        cache.delete(key);
        throw err;
      },
    );
    cache.set(key, hit);
  }
  return hit;
}
