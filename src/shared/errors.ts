/** API errors as classes carrying the HTTP status and the metav1.Status body. */
import type { Status, StatusCause } from './api/meta';

/** ApiError is a failed API call; `status` is the server's metav1.Status. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = 'ApiError';
    this.code = status.code;
    this.reason = status.reason ?? '';
    this.status = status;
  }

  /** causes lists the field causes of an Invalid error. */
  get causes(): StatusCause[] {
    return this.status.details?.causes ?? [];
  }
}

/** isApiError narrows unknown to ApiError, optionally with a given HTTP code. */
export function isApiError(err: unknown, code?: number): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

/** isNotFound reports a 404 ApiError. */
export const isNotFound = (err: unknown): boolean => isApiError(err, 404);
/** isConflict reports a 409 Conflict (not AlreadyExists). */
export const isConflict = (err: unknown): boolean => isApiError(err, 409) && err.reason === 'Conflict';
/** isAlreadyExists reports a 409 AlreadyExists. */
export const isAlreadyExists = (err: unknown): boolean => isApiError(err, 409) && err.reason === 'AlreadyExists';
/** isGone reports a 410 (compacted resourceVersion / expired continue token). */
export const isGone = (err: unknown): boolean => isApiError(err, 410);
