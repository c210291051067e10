/**
 * The cluster: wires store, registry, API server, in-process client,
 * controllers, scheduler and kubelets. The same entry serves the desktop app
 * (src/main/index.ts) and headless `kubedeck serve` (src/main/serve.ts).
 * Components see only src/main/client/component.ts (re-exported here for callers of startCluster).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createRegistry } from '../apiserver/registry';
import type { Registry } from '../apiserver/registry/types';
import { loadOrCreateCredentials, writeKubeconfig } from '../apiserver/pki';
import { startApiServer, type ApiServer, type PodUpgrades } from '../apiserver/server';
import type { PodStreams } from '../apiserver/http/rest-handler';
import { withMetrics } from '../apiserver/metrics/metrics-resource';
import { podStreaming } from '../apiserver/streaming';
import type { MetricsProvider } from '../node-api/metrics';
import type { PodStreamBackend } from '../node-api/streaming';
import { createInProcessClient } from '../client/in-process';
import { withAudit } from '../apiserver/audit/audited-registry';
import { APP_USER, httpRequestContext, runInRequest } from '../apiserver/audit/context';
import type { AuditLevel } from '../apiserver/audit/event';
import { AuditLogWriter } from '../apiserver/audit/log-writer';
import type { AuditSink } from '../apiserver/audit/audited-registry';
import { RevisionRing } from '../apiserver/observe/revision-ring';
import { TimelineSource } from '../apiserver/observe/timeline-source';
import { SharedInformerFactory } from '../client/informer';
import { clientFor, type ApiClient } from '../client/types';
import type { Component, ComponentContext, ComponentFactory } from '../client/component';
import type { Store } from '../storage/types';
import { startCompactor, type CompactorOptions } from './compactor';
import { DEFAULT_HISTORY_MAX_REVISIONS, DEFAULT_HISTORY_WINDOW_MS } from './history-config';
import { followStore, RevisionIndex } from '../apiserver/history/revision-index';
import type { RevisionHistory } from '../apiserver/history/revisions-endpoint';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { clusterIdFor } from './identity';
import { describeStore, openChosenStore, type StoreChoice } from './store-choice';
import { recordingCompactions, storeHealthSource, type LastCompaction } from './store-health';

export type { Component, ComponentContext, ComponentFactory };

export interface ClusterOptions {
  dataDir: string;
  /** The data dir's lock, when the caller took it already (serve --reset); otherwise startCluster takes it. Released at stop. */
  lock?: DataDirLock;
  /** API port on 127.0.0.1 (0 = ephemeral). */
  port?: number;
  /** Extra components (controllers, scheduler, kubelets), started in order after the API serves. */
  components?: ComponentFactory[];
  /** The kubelets' side of the streaming pod subresources (logs, exec, attach, port-forward); the API server speaks the wire protocols. */
  podStreams?: (ctx: ComponentContext) => PodStreamBackend;
  /** The node side's usage readings, served as metrics.k8s.io (the API and the in-process client). */
  metrics?: MetricsProvider;
  compaction?: CompactorOptions;
  /** Where the state lives: SQLite in the data dir (default) or etcd (see store-choice.ts). */
  store?: StoreChoice;
  /** Where Service cluster IPs come from; the Docker network's service range (see src/main/proxy/service-network.ts) so the proxies can take them. */
  serviceCIDR?: string;
  /** The audit log (`<data-dir>/audit.log`); on at level Metadata by default. */
  audit?: AuditPolicy;
  log?: (msg: string) => void;
}

/** AuditPolicy is config.yaml's `audit:` (kube-apiserver's --audit-log-* flags). */
export interface AuditPolicy {
  /** None turns the log off; Metadata (default), Request or RequestResponse. */
  level?: AuditLevel;
  /** Largest size of audit.log before it is rotated, in bytes (default 10 MiB). */
  maxSizeBytes?: number;
  /** Rotated files kept (default 3). */
  maxBackups?: number;
}

export interface Cluster {
  apiUrl: string;
  port: number;
  /** apiAddress is the address the API listener is bound to (127.0.0.1). */
  apiAddress: AddressInfo;
  kubeconfigPath: string;
  token: string;
  caPem: string;
  dataDir: string;
  client: ApiClient;
  /** The registry, for the API layer and tests; components use `client`. */
  registry: Registry;
  /** Who wrote each recent revision and which watches received it (served at /kubedeck/v1/watchdeliveries). */
  revisions: RevisionRing;
  /** handleApiRequest serves a request as the HTTPS API would, already authenticated (the UI server's forwarding). */
  handleApiRequest(req: IncomingMessage, res: ServerResponse): void;
  handleApiUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** portForward opens one connection to a pod's port through its kubelet (the app's port-forward button); absent without kubelets. */
  portForward?(namespace: string, pod: string, port: number): Promise<Duplex>;
  /** compactNow compacts the store up to its current revision (failure drills and tests). */
  compactNow(): Promise<number>;
  /** flushAudit resolves once every audit Event so far is in audit.log (tests). */
  flushAudit(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * apiPortError explains a taken API port (the usual cause: another cluster
 * on its default port); it keeps the code so callers can fall back.
 */
function apiPortError(err: unknown, port: number): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') return err;
  return Object.assign(new Error(`the API port ${port} on 127.0.0.1 is already in use (another Kubedeck cluster or another program): choose another with --port N, or --port 0 for any free port`), { code: 'EADDRINUSE', port });
}

/**
 * startCluster takes the data dir's lock, opens the store, serves the API on
 * 127.0.0.1, writes the kubeconfig and starts the components.
 */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  // One process per data dir: a second one is refused here, before it touches the store or the engine.
  const lock = opts.lock ?? acquireDataDirLock(opts.dataDir);
  try {
    return await startLocked(opts, log, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startLocked(opts: ClusterOptions, log: (msg: string) => void, lock: DataDirLock): Promise<Cluster> {
  const clusterId = clusterIdFor(opts.dataDir);
  const choice = opts.store ?? { kind: 'sqlite' };
  const opened: Store = await openChosenStore(choice, opts.dataDir, clusterId).catch((err: unknown) => {
    throw new Error(`cannot open the store (${describeStore(choice, opts.dataDir, clusterId)}): ${err instanceof Error ? err.message : String(err)}`);
  });
  // The store's health (GET /kubedeck/v1/store), with the time of each compaction made here.
  const lastCompaction: { value?: LastCompaction } = {};
  const store = recordingCompactions(opened, lastCompaction);
  const storeHealth = storeHealthSource(choice, opened, opts.dataDir, clusterId, lastCompaction);
  const compaction = opts.compaction ?? {};
  const stopHistory = startCompactor(store, compaction);
  // Revision → commit time, for the app's time slider; bounded like the history it describes.
  const maxRevisions = compaction.maxRevisions ?? DEFAULT_HISTORY_MAX_REVISIONS;
  const history: RevisionHistory = {
    index: new RevisionIndex(Math.min(maxRevisions, 100_000)),
    store,
    windowMs: compaction.retainMs ?? DEFAULT_HISTORY_WINDOW_MS,
    maxRevisions,
  };
  const stopIndex = followStore(store, history.index, { log });
  const stopCompactor = () => {
    stopIndex();
    stopHistory();
  };
  // Each revision's writer and watch deliveries, for the timeline (src/main/apiserver/observe).
  const ring = new RevisionRing();
  const stored = createRegistry(store, { ...(opts.serviceCIDR ? { serviceCIDR: opts.serviceCIDR } : {}), revisions: ring });
  const served: Registry = opts.metrics ? withMetrics(stored, opts.metrics) : stored;
  const auditLog = new AuditLogWriter({
    path: join(opts.dataDir, 'audit.log'),
    ...(opts.audit?.maxSizeBytes ? { maxSizeBytes: opts.audit.maxSizeBytes } : {}),
    ...(opts.audit?.maxBackups !== undefined ? { maxBackups: opts.audit.maxBackups } : {}),
    onError: (err) => log(`audit: ${String(err)}`),
  });
  // Every mutation, from HTTPS or in-process, is audited where both meet: the registry.
  // The ring takes each Event too (verb, subresource, when the request arrived).
  const sink: AuditSink = {
    write(ev) {
      auditLog.write(ev);
      ring.write(ev);
    },
  };
  const registry = withAudit(served, { level: opts.audit?.level ?? 'Metadata', sink, onError: (err) => log(`audit: ${String(err)}`) });
  const client = createInProcessClient(registry, 'kubedeck');
  // The control plane's informers watch as the controller manager, as they did when the scheduler ran inside it
  // (the timeline attributes that watcher's Pod deliveries to controllers and scheduler both).
  const informers = new SharedInformerFactory(clientFor(client, 'kube-controller-manager'), { onError: (err) => log(`informer: ${String(err)}`) });
  const ctx: ComponentContext = { client, dataDir: opts.dataDir, clusterId, log, informers };
  const creds = await loadOrCreateCredentials(opts.dataDir);
  const backend = opts.podStreams?.(ctx);
  const pod: { streams?: PodStreams; upgrades?: PodUpgrades } = backend ? podStreaming(backend) : {};
  let api: ApiServer;
  try {
    api = await startApiServer({
      registry,
      cert: creds.serverCert,
      key: creds.serverKey,
      token: creds.token,
      clientCa: creds.caCert,
      port: opts.port ?? 0,
      history,
      ...(pod.streams ? { streams: pod.streams } : {}),
      ...(pod.upgrades ? { upgrades: pod.upgrades } : {}),
      observe: { ring, timelines: new TimelineSource({ store, registry, ring }) },
      storeHealth: () => storeHealth.health(),
    });
  } catch (err) {
    stopCompactor();
    storeHealth.close();
    await store.close();
    await auditLog.close();
    throw apiPortError(err, opts.port ?? 0);
  }
  const kubeconfigPath = await writeKubeconfig(opts.dataDir, api.url, creds);
  const components: Component[] = [];
  try {
    for (const make of opts.components ?? []) components.push(await make(ctx));
  } catch (err) {
    for (const c of components.reverse()) await c.stop().catch(() => {});
    informers.stop();
    await api.close();
    stopCompactor();
    storeHealth.close();
    await store.close();
    await auditLog.close();
    throw err;
  }
  log(`cluster: API on ${api.url}, data in ${opts.dataDir}, state in ${describeStore(choice, opts.dataDir, clusterId)}`);

  let stopped = false;
  return {
    apiUrl: api.url,
    port: api.port,
    apiAddress: api.address,
    kubeconfigPath,
    token: creds.token,
    caPem: creds.caCert,
    dataDir: opts.dataDir,
    client,
    registry,
    revisions: ring,
    // The page's requests (UI server, desktop window) are the app's.
    handleApiRequest: (req, res) => runInRequest(httpRequestContext(req, APP_USER), () => api.handle(req, res)),
    handleApiUpgrade: api.upgrade,
    ...(backend ? { portForward: (ns: string, pod: string, port: number) => backend.portForward(ns, pod, port) } : {}),
    flushAudit: () => auditLog.flush(),
    async compactNow() {
      const rev = await store.currentRevision();
      await store.compact(rev);
      return rev;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const c of [...components].reverse()) {
        await c.stop().catch((err: unknown) => log(`cluster: stopping ${c.name}: ${String(err)}`));
      }
      informers.stop();
      await api.close();
      stopCompactor();
      storeHealth.close();
      await store.close();
      await auditLog.close();
      lock.release();
    },
  };
}
