/** Writing API responses: JSON bodies, metav1.Status errors and Warning headers. */
import type { ServerResponse } from 'node:http';
import type { Status } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';

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

/** toApiError maps any thrown value to an ApiError (unexpected ones become 500 InternalError). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return statusError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** setWarnings adds `Warning: 299 - "…"` headers, as Kubernetes sends them. */
export function setWarnings(res: ServerResponse, warnings: readonly string[] | undefined): void {
  if (!warnings?.length) return;
  res.setHeader(
    'Warning',
    warnings.map((w) => `299 - "${w.replace(/["\\]/g, (c) => `\\${c}`)}"`),
  );
}

/** writeJson sends a JSON body with a status code. */
export function writeJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
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
  writeJson(res, apiErr.code, apiErr.status);
}
