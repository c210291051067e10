/**
 * The renderer's Kubernetes API client: plain fetch against the page's own
 * origin. The UI server (or Electron's) authenticates with the session cookie
 * and forwards to the API in-process, so no token lives in the page.
 */
import { ApiError } from '../../../../shared/errors';
import type { KubeList, KubeObject, Status } from '../../../../shared/api/meta';
import { resourcePath, type GroupVersionResource } from '../../../../shared/api/resources';
import { apiUrl } from './context';

/** Path parts of a request; `namespaced` false drops the namespace. */
export interface ResourceRef extends GroupVersionResource {
  namespaced?: boolean;
}

function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** toApiError turns a failed response into an ApiError, whatever its body. */
export async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isStatus(body)) return new ApiError({ ...body, code: body.code || res.status });
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: res.status,
    reason: res.statusText,
    message: text.trim() || `HTTP ${res.status} ${res.statusText}`,
  });
}

/** NETWORK_RETRY_MS bounds how long a request that never reached the server is retried. */
const NETWORK_RETRY_MS = 20_000;

/**
 * fetchRetryingNetworkErrors retries a fetch that failed before any response
 * (fetch rejects with a TypeError). Chromium aborts in-flight requests with
 * ERR_NETWORK_CHANGED whenever a network interface comes or goes, which
 * Docker does for every container. Retrying is safe: reads and dry runs are
 * idempotent, merge patches are too, and a repeated create answers 409, which
 * apply handles.
 */
export async function fetchRetryingNetworkErrors(path: string, init: RequestInit): Promise<Response> {
  const deadline = Date.now() + NETWORK_RETRY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(apiUrl(path), init);
    } catch (err) {
      if (!(err instanceof TypeError) || init.signal?.aborted || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}

/** REQUEST_TIMEOUT_MS bounds one request (dry runs included): a cluster that is away gets a clear error, not a wait forever. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** ClusterAwayError is a request the cluster did not answer within the bound. */
export class ClusterAwayError extends Error {
  constructor(ms: number) {
    super(`The cluster did not answer within ${Math.round(ms / 1000)} s. It may be stopped or restarting; try again when it is back.`);
    this.name = 'ClusterAwayError';
  }
}

/** apiRequest sends one request and returns the parsed JSON body, or throws ApiError (ClusterAwayError after REQUEST_TIMEOUT_MS). */
export async function apiRequest<T>(
  path: string,
  init: { method?: string; body?: unknown; contentType?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['Content-Type'] = init.contentType ?? 'application/json';
    body = JSON.stringify(init.body);
  }
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  try {
    const res = await fetchRetryingNetworkErrors(path, { method: init.method ?? 'GET', headers, body, credentials: 'same-origin', signal });
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as T;
  } catch (err) {
    // The bound, not the caller, ended it: say so in words.
    if (timeout.aborted && !init.signal?.aborted) throw new ClusterAwayError(REQUEST_TIMEOUT_MS);
    // A network failure after the retries: the cluster is away.
    if (err instanceof TypeError) throw new ClusterAwayError(REQUEST_TIMEOUT_MS);
    throw err;
  }
}

/** withQuery appends query parameters to a path. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** listResource lists a collection, cluster-wide when namespace is undefined (query: limit, continue, selectors). */
export function listResource<T extends KubeObject>(gvr: ResourceRef, namespace?: string, signal?: AbortSignal, query?: Record<string, string>): Promise<KubeList<T>> {
  return apiRequest<KubeList<T>>(query ? withQuery(resourcePath(gvr, namespace), query) : resourcePath(gvr, namespace), { signal });
}

/** getResource reads one object. */
export function getResource<T extends KubeObject>(gvr: ResourceRef, namespace: string | undefined, name: string): Promise<T> {
  return apiRequest<T>(resourcePath(gvr, namespace, name));
}
