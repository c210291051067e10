/**
 * List continue tokens, shaped like apimachinery's: base64 of
 * `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after which to resume>"}`
 * with the key relative to the listed prefix, so a token cannot reach outside it.
 */
import { badRequest } from '../status';

/** ContinueToken is the decoded token. */
export interface ContinueToken {
  /** The snapshot revision every page of the list is read at. */
  rv: number;
  /** The last returned key, relative to the list prefix. */
  start: string;
}

/** encodeContinue makes an opaque token. */
export function encodeContinue(tok: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: tok.rv, start: tok.start })).toString('base64url');
}

/** decodeContinue parses a token; a malformed one is 400 BadRequest as in Kubernetes. */
export function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
  const p = parsed as { v?: unknown; rv?: unknown; start?: unknown } | null;
  if (!p || p.v !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof p.rv !== 'number' || !Number.isInteger(p.rv) || p.rv <= 0) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof p.start !== 'string' || p.start.includes('..') || p.start.startsWith('/')) throw badRequest('continue key is not valid: invalid start key');
  return { rv: p.rv, start: p.start };
}
