/**
 * A gate in front of the UI server: the browser talks to the gate, and the
 * test closes it (every connection cut, new ones refused, as when the server
 * process is gone) and opens it again on the same port. The cluster and its
 * sessions keep running, so the page can resume without signing in again.
 * It is an HTTP proxy (not a bare TCP one) because the UI server checks Host
 * and Origin against its own port: the gate rewrites both to the target's.
 */
import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface Gate {
  /** url is the gate's origin (http://127.0.0.1:<port>). */
  url: string;
  close(): Promise<void>;
  open(): Promise<void>;
}

/** startGate forwards a free local port to `target` (an http origin). */
export async function startGate(target: string): Promise<Gate> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        const headers = { ...req.headers, host: t.host };
        if (headers.origin) headers.origin = t.origin;
        if (headers.referer) headers.referer = headers.referer.replace(/^http:\/\/[^/]+/, t.origin);
        const up = request({ host: t.hostname, port: Number(t.port), method: req.method, path: req.url, headers }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        up.on('error', () => res.destroy());
        req.pipe(up);
        res.on('close', () => up.destroy());
      });
      s.on('connection', (sock) => {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const s = server;
      server = undefined;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
    open: listen,
  };
}
