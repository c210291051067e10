/**
 * The UI server: serves the built renderer on plain http://127.0.0.1:<port>
 * (a loopback origin, which browsers treat as secure) and forwards the page's
 * Kubernetes API calls to the cluster in-process, so the page never holds the
 * API token (ARCHITECTURE decision 2).
 *
 * Access is a one-time login link: `/login?token=…` trades a single-use random
 * token for an HttpOnly, SameSite=Strict session cookie that lasts 12 hours
 * (Max-Age: it survives a browser restart) unless the sessions are revoked
 * (`revokeSessions`, POST /logout-everywhere). The running server mints new
 * links on demand (`createLoginUrl`, reached from the command line through
 * the data dir's control socket). Without that cookie
 * every route except /login is refused; requests naming another Host (DNS
 * rebinding) or coming from another Origin are refused as well.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { RENDERER_CSP } from '../app/csp';
import { KubeContexts, splitContextPath } from './kube-contexts';
import { PortForwards } from './port-forwards';

/** ApiHandler is the part of the cluster the UI server forwards to (see cluster.ts). */
export interface ApiHandler {
  /** handleApiRequest serves a request as the HTTPS API would, already authenticated. */
  handleApiRequest(req: IncomingMessage, res: ServerResponse): void;
  /** handleApiUpgrade serves a WebSocket upgrade (exec, attach, watch over WS). */
  handleApiUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** portForward opens one connection to a pod's port through its kubelet (absent without kubelets). */
  portForward?(namespace: string, pod: string, port: number): Promise<Duplex>;
}

export interface UiServerOptions {
  cluster: ApiHandler;
  /** rendererDir holds the built renderer (index.html and assets/). */
  rendererDir: string;
  /** port to listen on; 0 or undefined picks an ephemeral one. */
  port?: number;
  /** Other clusters the page may switch to (the kubeconfig's contexts); default: read from KUBECONFIG / ~/.kube/config. */
  contexts?: KubeContexts;
}

export interface UiServer {
  /** url is the origin, e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  /** loginUrl is the first one-time login link. */
  loginUrl: string;
  /** createLoginUrl mints another one-time link (for example for a second window). */
  createLoginUrl(): string;
  /** revokeSessions signs every browser out; returns how many sessions there were. */
  revokeSessions(): number;
  stop(): Promise<void>;
}

/** SESSION_COOKIE is the name of the session cookie the login link sets. */
export const SESSION_COOKIE = 'kubedeck_session';

/** SESSION_MAX_AGE_S bounds a session: it survives browser restarts for this long (12 h). */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** NEW_LINK_HINT says how to get a new login link from the running cluster. */
const NEW_LINK_HINT = 'Get a new one from the running cluster with <code>npm run serve -- --login-link --data-dir DIR</code>.';

/** API path prefixes forwarded to the cluster (`/kubedeck`: the revision history of time travel, timelines and watch deliveries). */
const API_PREFIXES = ['/api', '/apis', '/version', '/openapi', '/kubedeck'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** isApiPath reports whether a request path is forwarded to the Kubernetes API. */
export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** parseCookies reads a Cookie header into a map (first value of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time membership test, so a token cannot be guessed byte by byte from timings. */
function takeMatching(set: Set<string>, candidate: string, remove: boolean): boolean {
  const c = Buffer.from(candidate);
  for (const t of set) {
    const b = Buffer.from(t);
    if (b.length === c.length && timingSafeEqual(b, c)) {
      if (remove) set.delete(t);
      return true;
    }
  }
  return false;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  securityHeaders(res);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function sendPage(res: ServerResponse, code: number, title: string, body: string): void {
  securityHeaders(res);
  res.writeHead(code, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
      '<style>body{font:15px system-ui,sans-serif;margin:4rem auto;max-width:36rem;padding:0 1rem}</style></head>' +
      `<body><h1>${title}</h1><p>${body}</p></body></html>`,
  );
}

/** startUiServer listens on 127.0.0.1 and returns the origin and the first one-time login link. */
export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const rendererDir = resolve(opts.rendererDir);
  const loginTokens = new Set<string>();
  const sessions = new Set<string>();
  const sessionExpiry = new Map<string, number>();
  let port = 0;

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  const hostAllowed = (req: IncomingMessage): boolean => allowedHosts().includes(req.headers.host ?? '');

  // A same-origin fetch may carry an Origin header (POST, PATCH, WebSocket);
  // anything else naming a different origin is a cross-site request.
  const originAllowed = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  };

  const hasSession = (req: IncomingMessage): boolean => {
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (id === undefined || !takeMatching(sessions, id, false)) return false;
    if ((sessionExpiry.get(id) ?? 0) > Date.now()) return true;
    sessions.delete(id);
    sessionExpiry.delete(id);
    return false;
  };

  const revokeSessions = (): number => {
    const n = sessions.size;
    sessions.clear();
    sessionExpiry.clear();
    return n;
  };

  const createLoginUrl = (): string => {
    const token = randomToken();
    loginTokens.add(token);
    return `http://127.0.0.1:${port}/login?token=${token}`;
  };

  // The page's cookie means nothing to the API server; keep it out of the forwarded request.
  const contexts = opts.contexts ?? new KubeContexts();
  const forwards = new PortForwards((ns, pod, port) => {
    if (!opts.cluster.portForward) throw new Error('port-forward needs a kubelet');
    return opts.cluster.portForward(ns, pod, port);
  });
  /** /ui/port-forwards: GET lists, POST {namespace, pod, port} starts (or returns the running one), DELETE /ui/port-forwards/<id> stops. */
  const servePortForwards = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const json = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
      res.end(text);
    };
    const id = url.pathname.slice('/ui/port-forwards/'.length);
    if (req.method === 'GET' && !id) return json(200, { items: forwards.list() });
    if (req.method === 'DELETE' && id) return (await forwards.stop(id)) ? json(200, { stopped: id }) : sendStatus(res, 404, 'NotFound', `no port-forward ${id}`);
    if (req.method !== 'POST' || id) return sendStatus(res, 405, 'MethodNotAllowed', 'GET or POST /ui/port-forwards, DELETE /ui/port-forwards/<id>');
    let body = '';
    for await (const chunk of req) {
      body += String(chunk);
      if (body.length > 4096) return sendStatus(res, 413, 'RequestEntityTooLarge', 'a port-forward request is a small JSON object');
    }
    let want: { namespace?: unknown; pod?: unknown; port?: unknown };
    try {
      want = JSON.parse(body) as typeof want;
    } catch {
      return sendStatus(res, 400, 'BadRequest', 'the body must be JSON: {"namespace": …, "pod": …, "port": …}');
    }
    if (typeof want.namespace !== 'string' || !want.namespace) return sendStatus(res, 400, 'BadRequest', 'namespace: required');
    if (typeof want.pod !== 'string' || !want.pod) return sendStatus(res, 400, 'BadRequest', 'pod: required');
    if (typeof want.port !== 'number' || !Number.isInteger(want.port) || want.port < 1 || want.port > 65535) return sendStatus(res, 400, 'BadRequest', 'port: must be a whole number from 1 to 65535');
    if (!opts.cluster.portForward) return sendStatus(res, 503, 'ServiceUnavailable', 'port-forward needs a kubelet: this cluster runs none');
    json(201, await forwards.start(want.namespace, want.pod, want.port));
  };
  const stripCredentials = (req: IncomingMessage): void => {
    delete req.headers.cookie;
    delete req.headers.authorization;
  };

  const handleLogin = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const token = url.searchParams.get('token') ?? '';
    if (req.method !== 'GET' || !token || !takeMatching(loginTokens, token, true)) {
      sendPage(res, 401, 'Login link invalid', `This login link is invalid or was already used. ${NEW_LINK_HINT}`);
      return;
    }
    const session = randomToken();
    sessions.add(session);
    sessionExpiry.set(session, Date.now() + SESSION_MAX_AGE_S * 1000);
    securityHeaders(res);
    // Redirect so the token leaves the address bar and the history.
    res.writeHead(303, {
      'Set-Cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_S}`,
      Location: '/',
      'Cache-Control': 'no-store',
    });
    res.end();
  };

  const serveStatic = async (res: ServerResponse, pathname: string): Promise<void> => {
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      sendPage(res, 400, 'Bad request', 'Malformed path.');
      return;
    }
    let file = resolve(join(rendererDir, rel));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      sendPage(res, 404, 'Not found', 'No such page.');
      return;
    }
    let isFile = false;
    try {
      isFile = (await stat(file)).isFile();
    } catch {
      isFile = false;
    }
    // Client-side routes (no extension) fall back to the app shell.
    if (!isFile) {
      if (extname(rel) !== '') {
        sendPage(res, 404, 'Not found', 'No such file.');
        return;
      }
      file = join(rendererDir, 'index.html');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      sendPage(res, 500, 'UI not built', 'The renderer was not found; run <code>npm run build</code>.');
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    securityHeaders(res);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Content-Security-Policy': RENDERER_CSP,
      // Hashed assets may be cached; the shell must not be, so a rebuilt UI loads.
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    });
    res.end(body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req)) {
      sendPage(res, 421, 'Wrong host', 'Kubedeck answers only on 127.0.0.1 and localhost.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/login') {
      handleLogin(req, res, url);
      return;
    }
    const viaContext = splitContextPath(url.pathname + url.search);
    const isPortForwards = url.pathname === '/ui/port-forwards' || url.pathname.startsWith('/ui/port-forwards/');
    const api = isApiPath(url.pathname) || (viaContext !== undefined && isApiPath(new URL(viaContext.path, url).pathname)) || url.pathname === '/ui/contexts' || isPortForwards;
    if (!hasSession(req)) {
      if (api) sendStatus(res, 401, 'Unauthorized', 'no Kubedeck session: open a login link (npm run serve -- --login-link --data-dir DIR prints a new one)');
      else sendPage(res, 401, 'Not signed in', `Open the login link Kubedeck printed at startup (<code>Kubedeck UI: …/login?token=…</code>). ${NEW_LINK_HINT}`);
      return;
    }
    if (url.pathname === '/logout-everywhere') {
      // A form post from our own page only: a cross-site page must not sign everyone out.
      if (req.method !== 'POST' || !originAllowed(req)) {
        sendStatus(res, req.method !== 'POST' ? 405 : 403, req.method !== 'POST' ? 'MethodNotAllowed' : 'Forbidden', 'POST from the Kubedeck page only');
        return;
      }
      revokeSessions();
      securityHeaders(res);
      res.writeHead(204, { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (api) {
      if (!originAllowed(req)) {
        sendStatus(res, 403, 'Forbidden', 'cross-origin API requests are refused');
        return;
      }
      stripCredentials(req);
      if (url.pathname === '/ui/contexts') {
        const body = JSON.stringify({ contexts: contexts.list() });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
        res.end(body);
      } else if (isPortForwards) {
        void servePortForwards(req, res, url);
      } else if (viaContext) {
        void contexts.forward(viaContext.context, viaContext.path, req, res);
      } else {
        opts.cluster.handleApiRequest(req, res);
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPage(res, 405, 'Method not allowed', 'The UI only serves GET.');
      return;
    }
    void serveStatic(res, url.pathname);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const refuse = (code: number, text: string): void => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const viaContext = splitContextPath(url.pathname + url.search);
    if (!isApiPath(viaContext ? new URL(viaContext.path, url).pathname : url.pathname)) return refuse(404, 'Not Found');
    if (!hasSession(req)) return refuse(401, 'Unauthorized');
    // Browsers always send Origin on WebSocket handshakes; it must be ours.
    if (!originAllowed(req) || req.headers.origin === undefined) return refuse(403, 'Forbidden');
    stripCredentials(req);
    if (viaContext) void contexts.forwardUpgrade(viaContext.context, viaContext.path, req, socket, head);
    else opts.cluster.handleApiUpgrade(req, socket, head);
  };

  const server: Server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    loginUrl: createLoginUrl(),
    createLoginUrl,
    revokeSessions,
    stop: async () => {
      await forwards.stopAll();
      await new Promise<void>((resolveClose) => {
        // Watches are long-lived: cut them so close() does not wait for them.
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
