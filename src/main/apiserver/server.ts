/**
 * The API server: HTTPS on 127.0.0.1 only, bearer-token authentication on
 * every route but the health probes and /version, then discovery, OpenAPI and
 * the REST verbs on resources.
 */
import { currentRequest, httpRequestContext, runInRequest } from './audit/context';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import {
  aggregatedDiscovery,
  AGGREGATED_CONTENT_TYPE,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  legacyAPIVersions,
  wantsAggregated,
} from './discovery';
import { parseRequestPath, requestUrl, type RequestInfo } from './http/request-info';
import { handleResource, type PodStreams } from './http/rest-handler';
import { methodNotAllowed, statusError, writeError, writeJson } from './http/respond';
import { isAuthReviewPath, serveAuthReview } from './auth-reviews';
import { isRevisionsPath, serveRevisions, type RevisionHistory } from './history/revisions-endpoint';
import { openapiDoc, openapiRoot, openapiV2 } from './openapi';
import type { Registry } from './registry/types';
import { OBSERVE_PREFIX, serveObserve, type ObserveDeps } from './observe/routes';
import { STORE_HEALTH_PATH, type StoreHealth } from '../../shared/api/store-health';

/** VERSION_INFO answers GET /version; kubectl's dispatcher picks its binary by the minor version. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kubedeck',
  gitCommit: 'kubedeck',
  gitTreeState: 'clean',
  buildDate: '2026-11-26T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const ANONYMOUS_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/** PodUpgrades serves WebSocket pod subresources (exec, portforward, attach). */
export interface PodUpgrades {
  upgrade(namespace: string, name: string, subresource: string, query: URLSearchParams, req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface ApiHandlerDeps {
  registry: Registry;
  streams?: PodStreams;
  upgrades?: PodUpgrades;
  /** The revision index behind GET /kubedeck/revisions (time travel). */
  history?: RevisionHistory;
  /** The timeline and watch-delivery endpoints (./observe/routes.ts). */
  observe?: ObserveDeps;
  /** The store's health behind GET /kubedeck/v1/store (src/shared/api/store-health.ts). */
  storeHealth?: () => Promise<StoreHealth>;
}

/**
 * createApiHandler returns the request handler for already-authenticated
 * requests: the same function serves HTTPS clients (after the token check)
 * and the UI server's in-process forwarding.
 */
export function createApiHandler(deps: ApiHandlerDeps): {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
} {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    // Everything outside the resource paths is read-only: any other method is a 405, whatever the path.
    const readOnly = () => {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(res, ['GET', 'HEAD']);
    };
    if (ANONYMOUS_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
      readOnly();
      if (path === '/version') return writeJson(res, 200, VERSION_INFO);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/openapi/v3' || path === '/openapi/v2' || path.startsWith('/openapi/v3/')) readOnly();
    if (path === '/openapi/v3') return writeJson(res, 200, openapiRoot());
    if (path === '/openapi/v2') {
      const doc = openapiV2(req.headers.accept);
      res.writeHead(200, { 'Content-Type': doc.contentType, 'Content-Length': doc.body.length });
      res.end(doc.body);
      return;
    }
    if (path.startsWith('/openapi/v3/')) {
      const rest = path.slice('/openapi/v3/'.length).split('/');
      const doc = rest[0] === 'api' ? openapiDoc('', rest[1] ?? '') : openapiDoc(rest[1] ?? '', rest[2] ?? '');
      if (doc) return writeJson(res, 200, doc);
      throw statusError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (isAuthReviewPath(path)) return serveAuthReview(path, req, res);
    if (isRevisionsPath(path)) return serveRevisions(deps.history, req, res, url.searchParams);
    if (deps.storeHealth && path === STORE_HEALTH_PATH) {
      readOnly();
      return writeJson(res, 200, await deps.storeHealth());
    }
    if (deps.observe && path.startsWith(OBSERVE_PREFIX)) {
      readOnly();
      return serveObserve(deps.observe, path, url, res);
    }
    const info = parseRequestPath(path);
    const accept = req.headers.accept;
    switch (info.kind) {
      case 'apiVersions': {
        readOnly();
        const agg = wantsAggregated(accept);
        if (agg) return writeJson(res, 200, aggregatedDiscovery(true, agg), AGGREGATED_CONTENT_TYPE.replace('v=v2', `v=${agg}`));
        return writeJson(res, 200, legacyAPIVersions());
      }
      case 'apiGroups': {
        readOnly();
        const agg = wantsAggregated(accept);
        if (agg) return writeJson(res, 200, aggregatedDiscovery(false, agg), AGGREGATED_CONTENT_TYPE.replace('v=v2', `v=${agg}`));
        return writeJson(res, 200, apiGroupList());
      }
      case 'apiGroup': {
        const doc = apiGroupDoc(info.group);
        if (doc) readOnly();
        if (doc) return writeJson(res, 200, doc);
        break;
      }
      case 'resourceList': {
        const doc = apiResourceList(info.group, info.version);
        if (doc) readOnly();
        if (doc) return writeJson(res, 200, doc);
        break;
      }
      case 'resource':
        return handleResource(deps.registry, deps.streams, info, url, req, res);
      case 'other':
        break;
    }
    throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  }

  return {
    handle(req, res) {
      // Who asks travels with the request to the audit log; the UI server's forwarding has named the app already.
      const ctx = currentRequest() ?? httpRequestContext(req);
      runInRequest(ctx, () => route(req, res)).catch((err: unknown) => writeError(res, err));
    },
    upgrade(req, socket, head) {
      let url: URL;
      let info: RequestInfo;
      try {
        url = requestUrl(req.url);
        info = parseRequestPath(url.pathname);
      } catch {
        rejectUpgrade(socket, 400, 'Bad Request');
        return;
      }
      if (info.kind === 'resource' && info.resource === 'pods' && info.name && info.subresource && deps.upgrades) {
        deps.upgrades.upgrade(info.namespace ?? 'default', info.name, info.subresource, url.searchParams, req, socket, head);
        return;
      }
      rejectUpgrade(socket, 404, 'Not Found');
    },
  };
}

/**
 * answerClientError answers a request Node's HTTP parser refused (a
 * malformed request line or header, headers past the limit) with a Status
 * body rather than Node's bare 400, then closes the connection, as the
 * stream is no longer in step.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A TLS failure (e.g. a client certificate whose signature does not verify) has no HTTP request to answer.
  if (err.code === 'ECONNRESET' || err.code?.startsWith('ERR_SSL_') || !socket.writable) {
    socket.destroy();
    return;
  }
  const [code, reason, text] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', 'Request Header Fields Too Large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Timeout', 'Request Timeout']
        : [400, 'BadRequest', 'Bad Request'];
  const body = JSON.stringify(statusError(code, reason, `malformed HTTP request: ${err.code ?? err.message}`).status);
  socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function rejectUpgrade(socket: Duplex, code: number, text: string): void {
  socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** bearerMatches compares the Authorization header with the token in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** hasVerifiedClientCert tells whether the TLS peer presented a certificate that chains to the client CA. */
function hasVerifiedClientCert(req: IncomingMessage): boolean {
  const socket = req.socket as TLSSocket;
  return socket.authorized === true && Object.keys(socket.getPeerCertificate?.() ?? {}).length > 0;
}

function isAnonymous(req: IncomingMessage): boolean {
  let path: string;
  try {
    path = requestUrl(req.url).pathname.replace(/\/+$/, '') || '/';
  } catch {
    return false;
  }
  return (req.method === 'GET' || req.method === 'HEAD') && ANONYMOUS_PATHS.has(path);
}

export interface ApiServerOptions extends ApiHandlerDeps {
  cert: string;
  key: string;
  token: string;
  /**
   * The CA whose client certificates authenticate, as kube-apiserver's
   * --client-ca-file: a request with a certificate that chains to it needs no
   * token (kubeconfigs with client-certificate-data). Unset: tokens only.
   */
  clientCa?: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
}

export interface ApiServer {
  server: Server;
  url: string;
  port: number;
  /** address is what the listener is bound to. */
  address: AddressInfo;
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** startApiServer listens on https://127.0.0.1:<port> (loopback only) and authenticates every request. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const api = createApiHandler(opts);
  // Go's http.DefaultMaxHeaderBytes (1 MiB) rather than Node's 16 KiB: long selectors and names fit, as against kube-apiserver.
  const server = createServer({
    cert: opts.cert,
    key: opts.key,
    minVersion: 'TLSv1.2',
    maxHeaderSize: 1024 * 1024,
    // Ask for a client certificate but admit requests without one: the token still works.
    ...(opts.clientCa ? { ca: opts.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
  });
  const authenticated = (req: IncomingMessage): boolean => bearerMatches(req.headers.authorization, opts.token) || hasVerifiedClientCert(req);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isAnonymous(req) && !authenticated(req)) {
      // Drain the body before answering so a keep-alive connection stays usable.
      req.resume();
      const refuse = () => writeError(res, statusError(401, 'Unauthorized', 'Unauthorized'));
      if (req.complete) refuse();
      else req.once('end', refuse);
      return;
    }
    api.handle(req, res);
  });
  server.on('clientError', answerClientError);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!authenticated(req)) {
      rejectUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    api.upgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const port = address.port;
  return {
    server,
    url: `https://127.0.0.1:${port}`,
    port,
    address,
    handle: api.handle,
    upgrade: api.upgrade,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
