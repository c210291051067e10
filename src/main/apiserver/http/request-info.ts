/** RequestInfo: what a REST path names (as Kubernetes' RequestInfoFactory parses it). */
import { statusError } from './respond';

export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

export type RequestInfo =
  | ResourceRequest
  | { kind: 'apiVersions' } // GET /api
  | { kind: 'apiGroups' } // GET /apis
  | { kind: 'apiGroup'; group: string } // GET /apis/<g>
  | { kind: 'resourceList'; group: string; version: string } // GET /api/v1, /apis/<g>/<v>
  | { kind: 'other'; path: string };

/** NAMESPACE_SUBRESOURCES are the subresources of a namespace object itself. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * requestUrl parses a request's target. A target no URL parser accepts (an
 * absolute-form `http://[`) is a 400, as Go's net/http answers it.
 */
export function requestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'https://127.0.0.1');
  } catch {
    throw statusError(400, 'BadRequest', `malformed request target: ${JSON.stringify(target)}`);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw statusError(400, 'BadRequest', `invalid URL escape in path segment ${JSON.stringify(segment)}`);
  }
}

/** parseRequestPath splits a URL path into what it names; a malformed %-escape is a 400. */
export function parseRequestPath(pathname: string): RequestInfo {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeSegment);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'apiVersions' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'apiGroups' };
    if (parts.length === 2) return { kind: 'apiGroup', group: parts[1]! };
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return { kind: 'other', path: pathname };
  }
  if (rest.length === 0) return { kind: 'resourceList', group, version };

  // namespaces/<ns>/<resource>/... is namespaced, except namespaces/<name>/{status,finalize}.
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!))) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length) return { kind: 'other', path: pathname };
    return { kind: 'resource', group, version, namespace, resource: resource!, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length) return { kind: 'other', path: pathname };
  return { kind: 'resource', group, version, resource: resource!, name, subresource };
}
