/**
 * The app's port-forwards: `kubectl port-forward` without a terminal. The
 * UI server listens on a free 127.0.0.1 port and joins each connection to
 * the pod's port through the kubelet's stream (the same one the API server's
 * pods/portforward uses). The page gets the local address to open; the
 * forwarded app runs on its own origin (another port), so it cannot call the
 * UI's API (cross-origin calls are refused there).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** OpenPortForward opens one connection to a pod's port (the kubelet's stream). */
export type OpenPortForward = (namespace: string, pod: string, port: number) => Promise<Duplex>;

/** PortForwardInfo is what the page sees of a forward. */
export interface PortForwardInfo {
  id: string;
  namespace: string;
  pod: string;
  port: number;
  localPort: number;
  url: string;
  /** Connections served so far, and the last error of one, if any. */
  connections: number;
  lastError?: string;
}

/** PortForwards keeps the UI's forwards until they are closed or the UI server stops. */
export class PortForwards {
  private readonly forwards = new Map<string, { info: PortForwardInfo; server: Server; sockets: Set<Socket> }>();
  private nextId = 1;

  constructor(private readonly open: OpenPortForward) {}

  /** start listens on 127.0.0.1 and forwards each connection to namespace/pod:port; one forward per pod port (reused). */
  async start(namespace: string, pod: string, port: number): Promise<PortForwardInfo> {
    const existing = [...this.forwards.values()].find((f) => f.info.namespace === namespace && f.info.pod === pod && f.info.port === port);
    if (existing) return { ...existing.info };
    const id = String(this.nextId++);
    const sockets = new Set<Socket>();
    const info: PortForwardInfo = { id, namespace, pod, port, localPort: 0, url: '', connections: 0 };
    // Half-open: a client that finishes sending (shutdown) still gets the answer.
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      info.connections++;
      this.open(namespace, pod, port).then(
        (stream) => {
          socket.pipe(stream).pipe(socket);
          const end = () => {
            stream.destroy();
            socket.destroy();
          };
          stream.on('error', (err: Error) => {
            info.lastError = err.message;
            end();
          });
          socket.on('error', end);
          socket.on('close', end);
        },
        (err: unknown) => {
          info.lastError = err instanceof Error ? err.message : String(err);
          socket.destroy();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    info.localPort = typeof address === 'object' && address ? address.port : 0;
    info.url = `http://127.0.0.1:${info.localPort}/`;
    this.forwards.set(id, { info, server, sockets });
    return { ...info };
  }

  list(): PortForwardInfo[] {
    return [...this.forwards.values()].map((f) => ({ ...f.info }));
  }

  /** stop closes a forward and its connections; false when there is none with that id. */
  async stop(id: string): Promise<boolean> {
    const f = this.forwards.get(id);
    if (!f) return false;
    this.forwards.delete(id);
    for (const s of f.sockets) s.destroy();
    await new Promise<void>((resolve) => f.server.close(() => resolve()));
    return true;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.forwards.keys()].map((id) => this.stop(id)));
  }
}
