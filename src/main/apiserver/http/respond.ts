/** Writing API responses: JSON bodies, metav1.Status errors and Warning headers. */
import type { ServerResponse } from 'node:http';
import type { Status } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';
import { StoreUnavailableError } from '../../storage/types';

/** statusError builds an ApiError with a Failure Status. */
export function statusError(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

/** methodNotAllowed is the 405 for a method a path does not serve; it sets the Allow header on res. */
export function methodNotAllowed(res: ServerResponse, allow: readonly string[]): ApiError {
  res.setHeader('Allow', allow.join(', '));
  return statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** How long a client should wait before retrying while the store is unavailable (seconds). */
const STORE_RETRY_AFTER_SECONDS = 1;

/**
 * toApiError maps any thrown value to an ApiError: an unavailable store
 * (etcd without a leader) is 503 ServiceUnavailable with retryAfterSeconds,
 * other unexpected errors 500 InternalError.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreUnavailableError) {
    return statusError(503, 'ServiceUnavailable', `${err.message}; retry after ${STORE_RETRY_AFTER_SECONDS}s`, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS });
  }
  const message = err instanceof Error ? err.message : String(err);
  return statusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** Warnings are cut as the apiserver's recorder cuts them: 4 KiB in all, each at most 256 characters once over. */
const MAX_WARNINGS_BYTES = 4096;
const MAX_WARNING_CHARS = 256;

/**
 * warningText makes a warning safe for an HTTP header: quotes and
 * backslashes escaped, anything outside printable ASCII as \uXXXX (a field
 * name in a warning is client data and may hold any character).
 */
function warningText(w: string): string {
  return w.replace(/["\\]|[^\x20-\x7e]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** setWarnings adds `Warning: 299 - "…"` headers, as Kubernetes sends them, within its size limits. */
export function setWarnings(res: ServerResponse, warnings: readonly string[] | undefined): void {
  if (!warnings?.length) return;
  const total = warnings.reduce((n, w) => n + w.length, 0);
  const out: string[] = [];
  let size = 0;
  for (const w of warnings) {
    const text = warningText(total > MAX_WARNINGS_BYTES && w.length > MAX_WARNING_CHARS ? `${w.slice(0, MAX_WARNING_CHARS)}...` : w);
    if (size + text.length > MAX_WARNINGS_BYTES) break;
    size += text.length;
    out.push(`299 - "${text}"`);
  }
  if (out.length) res.setHeader('Warning', out);
}

/** writeJson sends a JSON body with a status code. */
export function writeJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  writeText(res, code, JSON.stringify(body), contentType);
}

/** writeText sends an already serialised JSON body with a status code. */
export function writeText(res: ServerResponse, code: number, text: string, contentType = 'application/json'): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** writeError sends err as a metav1.Status with its HTTP code. */
export function writeError(res: ServerResponse, err: unknown): void {
  const apiErr = toApiError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // As kube-apiserver: a Status with retryAfterSeconds sets Retry-After (503 store unavailable, 429 too many requests).
  const retryAfter = apiErr.status.details?.retryAfterSeconds;
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  writeJson(res, apiErr.code, apiErr.status);
}
