/**
 * Who is asking: the identity a request carries through the API server to
 * the audit log. The HTTPS handler sets it from the client's credentials and
 * user agent, the UI server's forwarding names the app, and the in-process
 * client names its component (`replicaset-controller`, `default-scheduler`,
 * `kubelet/<node>`…). It travels with the request's async context
 * (AsyncLocalStorage), so the registry records it without every call
 * passing it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/** UserInfo is authentication.k8s.io/v1 UserInfo. */
export interface UserInfo {
  username: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** RequestContext is what the audit log records of the request's origin. */
export interface RequestContext {
  user: UserInfo;
  userAgent?: string;
  sourceIPs?: string[];
  /** The request URI as received (HTTP); absent for in-process calls, whose URI is derived. */
  requestURI?: string;
  /** When the request arrived (ms since epoch). */
  received?: number;
}

/** ADMIN_USER is the identity of the cluster's one token (kubeconfig). */
export const ADMIN_USER = 'kubedeck-admin';
/** APP_USER is the identity of the app's own requests (desktop window and `serve`'s page). */
export const APP_USER = 'kubedeck-app';

const storage = new AsyncLocalStorage<RequestContext>();

/** currentRequest is the context of the request being served, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** runInRequest runs fn (and everything it awaits) as the request ctx. */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/**
 * httpRequestContext identifies an HTTPS client: the token is the admin's,
 * and the user agent's product says which client holds it (`kubectl/v1.32…`
 * → `kubectl`), as a cluster with one credential per client would; the
 * credential itself is kept in `extra`.
 */
export function httpRequestContext(req: IncomingMessage, username?: string): RequestContext {
  const userAgent = req.headers['user-agent'];
  const product = /^([A-Za-z][\w.-]*)\//.exec(userAgent ?? '')?.[1];
  return {
    user: {
      username: username ?? product ?? ADMIN_USER,
      groups: ['system:masters', 'system:authenticated'],
      extra: { 'kubedeck.io/credential': [username === APP_USER ? 'session-cookie' : ADMIN_USER] },
    },
    ...(userAgent ? { userAgent } : {}),
    sourceIPs: [req.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'],
    requestURI: req.url ?? '/',
    received: Date.now(),
  };
}

/** componentContext identifies an in-process component by name. */
export function componentContext(name: string): RequestContext {
  return { user: { username: name, groups: ['system:authenticated'] }, userAgent: `kubedeck/${name}`, sourceIPs: ['127.0.0.1'] };
}
