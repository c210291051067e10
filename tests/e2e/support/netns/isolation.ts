/**
 * Shielding the test browser from Docker's network churn.
 *
 * Chromium cancels every in-flight request with ERR_NETWORK_CHANGED whenever
 * a network interface or address appears or disappears on the host, even for
 * requests to 127.0.0.1; Docker adds and removes a veth for every container.
 * While pods start (ours, or anyone's on a shared engine) page loads and API
 * calls would fail at random. So, where possible (Linux, allowed to create a
 * network namespace), Chromium runs in a namespace of its own that has only a
 * loopback interface: nothing changes there. It reaches the host through an
 * HTTP proxy: 127.0.0.1:<KD_PROXY_PORT> inside the namespace is tunnelled over
 * a Unix socket to a small forward proxy in the test runner, which connects
 * to 127.0.0.1:<port> on the host. Requests keep their Host header, so the UI
 * server sees exactly what a local browser sends.
 */
import { execFileSync } from 'node:child_process';
import { request, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** PROXY_PORT is the proxy's port inside the browser's namespace. */
export const PROXY_PORT = 18080;

const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization'];

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** canIsolate reports whether a network namespace can be created here. */
export function canIsolate(): boolean {
  if (process.platform !== 'linux' || process.env.KUBEDECK_E2E_NO_NETNS) return false;
  try {
    execFileSync('unshare', ['--net', '--', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * isolationLaunchOptions sets the environment the wrapper reads and returns
 * the executable and extra arguments for Playwright's launchOptions.
 */
export function isolationLaunchOptions(chromium: string): { executablePath: string; args: string[] } {
  process.env.KD_PROXY_SOCK ??= join(tmpdir(), `kubedeck-e2e-proxy-${process.pid}.sock`);
  process.env.KD_PROXY_PORT = String(PROXY_PORT);
  process.env.KD_CHROMIUM = chromium;
  process.env.KD_NODE = process.execPath;
  return {
    executablePath: fileURLToPath(new URL('./chromium-netns.sh', import.meta.url)),
    // <-loopback> removes the implicit "never proxy loopback" rule.
    args: [`--proxy-server=http://127.0.0.1:${PROXY_PORT}`, '--proxy-bypass-list=<-loopback>'],
  };
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost';

/** startHostProxy serves the forward proxy on the Unix socket; loopback targets only. */
export async function startHostProxy(socketPath: string): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL expected');
      return;
    }
    if (!isLoopback(target.hostname)) {
      res.writeHead(403).end('the e2e proxy only reaches loopback');
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: target.port || 80, method: req.method, path: `${target.pathname}${target.search}`, headers: endToEnd(req.headers) },
      (up) => {
        res.writeHead(up.statusCode ?? 502, endToEnd(up.headers));
        // A watch sends headers long before its first event: pass them on now.
        res.flushHeaders();
        up.pipe(res);
        // The server dropped the connection mid-response: drop the browser's too, as a direct connection would.
        up.on('close', () => {
          if (!up.complete) res.destroy();
        });
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  // WebSockets (and https) go through CONNECT tunnels.
  server.on('connect', (req, socket, head) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!host || !isLoopback(host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}
