/**
 * The self-review APIs kubectl's `auth` commands call. Kubedeck has one
 * identity, the admin token in its kubeconfig, and that token may do
 * everything (there is no authorizer), so:
 * - POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews answers
 *   allowed: true for any verb and resource (`kubectl auth can-i … ` → yes);
 * - POST /apis/authentication.k8s.io/v1/selfsubjectreviews answers who that
 *   is (`kubectl auth whoami`).
 * Neither is stored, as in Kubernetes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeBody, readBody } from './http/body';
import { methodNotAllowed, writeJson } from './http/respond';

/** ADMIN_USER is who the kubeconfig's token authenticates as. */
export const ADMIN_USER = { username: 'kubedeck-admin', groups: ['system:masters', 'system:authenticated'] };

const REVIEWS: Record<string, { apiVersion: string; kind: string }> = {
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview' },
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
};

/** isAuthReviewPath says whether a path is one of the self-review endpoints. */
export function isAuthReviewPath(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(REVIEWS, path);
}

/** specOf reads the review's spec; a body we cannot decode (kubectl may send protobuf) still gets an answer, with an empty spec. */
function specOf(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  try {
    const obj = decodeBody(body, contentType) as { spec?: Record<string, unknown> } | null;
    return obj && typeof obj === 'object' && obj.spec && typeof obj.spec === 'object' ? obj.spec : {};
  } catch {
    return {};
  }
}

/** serveAuthReview answers a POST to a self-review endpoint with 201 and the review's status filled in. */
export async function serveAuthReview(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const review = REVIEWS[path]!;
  if (req.method !== 'POST') throw methodNotAllowed(res, ['POST']);
  const body = await readBody(req);
  const base = { kind: review.kind, apiVersion: review.apiVersion, metadata: { creationTimestamp: null } };
  if (review.kind === 'SelfSubjectReview') return writeJson(res, 201, { ...base, status: { userInfo: ADMIN_USER } });
  return writeJson(res, 201, { ...base, spec: specOf(body, req.headers['content-type']), status: { allowed: true, reason: 'the Kubedeck admin token may do everything' } });
}
