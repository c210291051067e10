/**
 * Owns the desktop app's cluster: start, stop, reset, and a stable API
 * handler for the UI server that answers 503 while no cluster runs (so the
 * window keeps its session across Cluster → Stop / Start).
 */
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ClusterState, ConnectionInfo } from '../../shared/ipc';
import type { ApiHandler } from '../ui-server/ui-server';

/** The part of cluster.ts's Cluster this controller uses. */
export interface ManagedCluster extends ApiHandler {
  apiUrl: string;
  kubeconfigPath: string;
  caPem: string;
  stop(): Promise<void>;
}

export type StartCluster = (opts: { dataDir: string }) => Promise<ManagedCluster>;
/** WipeCluster deletes a stopped cluster's state (and its Docker objects: src/main/cluster/reset.ts). */
export type WipeCluster = (dataDir: string) => Promise<void>;

function unavailable(res: ServerResponse, state: ClusterState): void {
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '2' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `the cluster is ${state}`,
      reason: 'ServiceUnavailable',
      code: 503,
    }),
  );
}

/** ClusterController serialises start/stop/reset of one cluster and reports its state. */
export class ClusterController {
  private cluster: ManagedCluster | undefined;
  private state: ClusterState = 'stopped';
  private error: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(info: ConnectionInfo) => void>();

  constructor(
    private readonly dataDir: string,
    private readonly startCluster: StartCluster,
    private readonly wipe: WipeCluster = (dir) => rm(dir, { recursive: true, force: true }),
  ) {}

  /** apiHandler forwards to the running cluster, or answers 503. */
  readonly apiHandler: ApiHandler = {
    handleApiRequest: (req: IncomingMessage, res: ServerResponse) => {
      if (this.cluster) this.cluster.handleApiRequest(req, res);
      else unavailable(res, this.state);
    },
    handleApiUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.cluster) this.cluster.handleApiUpgrade(req, socket, head);
      else socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    },
    portForward: (namespace: string, pod: string, port: number): Promise<Duplex> => {
      const forward = this.cluster?.portForward;
      if (!forward) return Promise.reject(new Error('the cluster is not running, or runs no kubelet'));
      return forward(namespace, pod, port);
    },
  };

  /** caPem is the CA of the running cluster (for certificate trust). */
  get caPem(): string | undefined {
    return this.cluster?.caPem;
  }

  /** info describes the cluster for the preload bridge. */
  info(): ConnectionInfo {
    return {
      state: this.state,
      apiUrl: this.cluster?.apiUrl,
      kubeconfigPath: this.cluster?.kubeconfigPath,
      dataDir: this.dataDir,
      error: this.error,
    };
  }

  /** onChange subscribes to state changes; returns the unsubscribe function. */
  onChange(listener: (info: ConnectionInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** start starts the cluster unless it runs. */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.cluster) return;
      this.set('starting');
      try {
        this.cluster = await this.startCluster({ dataDir: this.dataDir });
        this.set('running');
      } catch (err) {
        this.set('error', err instanceof Error ? err.message : String(err));
      }
    });
  }

  /** stop stops the cluster; pods' containers keep running and are adopted at the next start. */
  stop(): Promise<void> {
    return this.serial(async () => {
      const c = this.cluster;
      if (!c) return;
      this.set('stopping');
      this.cluster = undefined;
      try {
        await c.stop();
        this.set('stopped');
      } catch (err) {
        this.set('error', err instanceof Error ? err.message : String(err));
      }
    });
  }

  /** reset stops the cluster, wipes it (state, and in the app its own Docker objects) and starts afresh. */
  async reset(): Promise<void> {
    await this.stop();
    await this.serial(() => this.wipe(this.dataDir));
    await this.start();
  }

  private serial(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(state: ClusterState, error?: string): void {
    this.state = state;
    this.error = error;
    const info = this.info();
    for (const l of this.listeners) l(info);
  }
}
