/**
 * Errors of the patch algorithms as ApiErrors carrying the metav1.Status a
 * Kubernetes API server answers for the same failure. Built here rather than
 * through a shared helper so this package depends only on src/shared.
 */
import type { Status } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';

function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/** badRequest is a 400 BadRequest: the patch itself is malformed. */
export function badRequest(message: string): ApiError {
  return new ApiError(status(400, 'BadRequest', message));
}

/**
 * patchNotApplicable is the 422 Kubernetes answers when a well-formed patch
 * cannot be applied (a failed JSON patch `test`, a missing path). Kubernetes
 * uses the generic message here, which kubectl prints as "The request is
 * invalid: ..."; the underlying reason is kept as the error's `cause`.
 */
export function patchNotApplicable(cause: string): ApiError {
  const err = new ApiError(
    status(422, 'Invalid', 'the server rejected our request due to an error in our request'),
  );
  err.cause = cause;
  return err;
}

/** unprocessable is a 422 Invalid with a specific message. */
export function unprocessable(message: string): ApiError {
  return new ApiError(status(422, 'Invalid', message));
}

/** requestEntityTooLarge is a 413, used for over-long JSON patches. */
export function requestEntityTooLarge(message: string): ApiError {
  return new ApiError(status(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`));
}

/** unsupportedMediaType is the 415 for a strategic merge patch on a kind without patch metadata. */
export function unsupportedMediaType(): ApiError {
  return new ApiError(
    status(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: ' +
        'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    ),
  );
}
