/**
 * Other clusters for the app: the contexts of the user's kubeconfig
 * (`KUBECONFIG`, a list of files as kubectl reads it, else ~/.kube/config),
 * re-read on every listing so a context added meanwhile shows up.
 *
 * The page addresses a context as `/contexts/<name>/api/…`; the UI server
 * forwards the request to that cluster with the context's credentials (token,
 * client certificate, or an exec plugin's output, all resolved here by
 * @kubernetes/client-node as kubectl would), so the page never holds a
 * credential for those clusters either. WebSocket upgrades (exec, attach)
 * are forwarded the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** ContextInfo is what the page may know of a context: no credentials. */
export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
  /** The kubeconfig's current-context. */
  current: boolean;
}

/** CONTEXT_PATH matches `/contexts/<name>/<api path>`. */
const CONTEXT_PATH = /^\/contexts\/([^/]+)(\/.*)$/;

/** splitContextPath returns the context name and the API path of a `/contexts/…` URL path, or undefined. */
export function splitContextPath(pathAndQuery: string): { context: string; path: string } | undefined {
  const m = CONTEXT_PATH.exec(pathAndQuery);
  if (!m) return undefined;
  try {
    return { context: decodeURIComponent(m[1]!), path: m[2]! };
  } catch {
    return undefined;
  }
}

/** Hop-by-hop and page-only headers never forwarded to another cluster. */
const DROPPED_HEADERS = ['cookie', 'authorization', 'host', 'origin', 'referer', 'proxy-authorization'];

/** KubeContexts reads the kubeconfig and forwards requests to its contexts. */
export class KubeContexts {
  constructor(private readonly load: () => KubeConfig = loadDefaultKubeConfig) {}

  /** list returns every context (empty when there is no kubeconfig or it cannot be read). */
  list(): ContextInfo[] {
    let kc: KubeConfig;
    try {
      kc = this.load();
    } catch {
      return [];
    }
    return kc.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      server: kc.getCluster(c.cluster)?.server ?? '',
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      current: c.name === kc.getCurrentContext(),
    }));
  }

  /** target resolves a context to its server and the TLS/auth options a request to it needs. */
  private async target(name: string): Promise<{ url: URL; options: RequestOptions }> {
    const kc = this.load();
    const ctx = kc.getContextObject(name);
    if (!ctx) throw Object.assign(new Error(`no context "${name}" in the kubeconfig`), { status: 404 });
    kc.setCurrentContext(name);
    const cluster = kc.getCurrentCluster();
    if (!cluster?.server) throw Object.assign(new Error(`context "${name}" names no cluster server`), { status: 502 });
    const options: RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return { url: new URL(cluster.server), options };
  }

  private async outgoing(name: string, req: IncomingMessage, path: string): Promise<{ send: typeof httpsRequest; options: RequestOptions }> {
    const { url, options } = await this.target(name);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !DROPPED_HEADERS.includes(k)) headers[k] = v;
    Object.assign(headers, options.headers ?? {});
    headers.host = url.host;
    const basePath = url.pathname.replace(/\/+$/, '');
    return {
      send: (url.protocol === 'http:' ? httpRequest : httpsRequest) as typeof httpsRequest,
      options: { ...options, protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (url.protocol === 'http:' ? 80 : 443), method: req.method ?? 'GET', path: basePath + path, headers },
    };
  }

  /** forward sends the page's request to the context's API server and streams the answer back. */
  async forward(name: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let out;
    try {
      out = await this.outgoing(name, req, path);
    } catch (err) {
      return answerError(res, err);
    }
    const upstream = out.send(out.options, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      // A watch may send nothing for a while: its headers must reach the page now (it counts as connected then).
      res.flushHeaders();
      up.pipe(res);
    });
    upstream.on('error', (err) => answerError(res, Object.assign(err, { status: 502 })));
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  /** forwardUpgrade opens the same WebSocket on the context's API server and joins the two sockets. */
  async forwardUpgrade(name: string, path: string, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let out;
    try {
      out = await this.outgoing(name, req, path);
    } catch (err) {
      socket.end(`HTTP/1.1 ${(err as { status?: number }).status ?? 502} Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = out.send(out.options);
    upstream.on('upgrade', (upRes, upSocket, upHead) => {
      const lines = [`HTTP/1.1 101 Switching Protocols`];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) lines.push(`${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      upSocket.pipe(socket).pipe(upSocket);
      const close = () => {
        upSocket.destroy();
        socket.destroy();
      };
      upSocket.on('error', close);
      socket.on('error', close);
      upSocket.on('close', close);
      socket.on('close', close);
    });
    upstream.on('response', (upRes) => {
      socket.end(`HTTP/1.1 ${upRes.statusCode ?? 502} ${upRes.statusMessage ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      upRes.resume();
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  }
}

/** kubeconfigFiles are the files kubectl would read: KUBECONFIG's list, else ~/.kube/config; only those that exist. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(homedir(), '.kube', 'config')];
  return listed.filter((f) => existsSync(f));
}

/** loadDefaultKubeConfig reads KUBECONFIG's files (merged, as kubectl does) or ~/.kube/config; none: no contexts. */
export function loadDefaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  // client-node would invent a localhost:8080 context when there is no file: there is none to offer then.
  if (kubeconfigFiles().length > 0) kc.loadFromDefault();
  return kc;
}

function answerError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code = (err as { status?: number }).status ?? 502;
  const message = `cannot reach the context's cluster: ${err instanceof Error ? err.message : String(err)}`;
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: code === 404 ? 'NotFound' : 'BadGateway', code });
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
