/**
 * The cluster's optional config file, `<data-dir>/config.yaml`: extra nodes
 * (virtual, remote), the pause image, and the node-failure timings used by
 * failure drills. A bad file is refused with the field or line at fault.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import type { KubeletsConfig, NodeConfig } from '../kubelet/nodes';
import { AUDIT_LEVELS, type AuditLevel } from '../apiserver/audit/event';
import { parseStoreUrl, type StoreChoice } from './store-choice';
import { componentOfPauseKey, pauseKey, type PausableComponent } from '../../shared/api/component-pause';
import { parseHistoryConfig, type HistoryConfig } from './history-config';

export interface ClusterConfig {
  /** Nodes; default: one local node on the local Docker engine. */
  nodes?: NodeConfig[];
  pauseImage?: string;
  /** Seconds without a heartbeat before a node turns NotReady/Unknown (Kubernetes: 40). */
  nodeMonitorGracePeriodSeconds?: number;
  /** Seconds a pod tolerates an unreachable/not-ready node before eviction (Kubernetes: 300). */
  podEvictionTimeoutSeconds?: number;
  /** The HPA controller's timings (Kubernetes' --horizontal-pod-autoscaler-* flags); tests shorten them. */
  hpa?: HPAConfig;
  /** The kubelets' metrics pipeline (stats streams, history, metrics.k8s.io figures). */
  metrics?: MetricsConfig;
  /** Components paused at start: `scheduler`, `controller-manager`, `kubelet/<node>` (resumed from the app or the API). */
  paused?: PausableComponent[];
  /** The audit log (kube-apiserver's --audit-log-* flags and policy level). */
  audit?: AuditConfig;
  /** The Job and CronJob controllers' timings; tests shorten them. */
  jobs?: JobsConfig;
  /** Where the state lives (`sqlite`, `etcd://…`, `etcds://…`; see store-choice.ts); `serve --store` overrides it. */
  store?: StoreChoice;
  /** The store's history kept for time travel and resuming watchers (history-config.ts). */
  history?: HistoryConfig;
}

export interface MetricsConfig {
  /** false: no stats streams are opened; metrics.k8s.io serves no readings and HPAs see none (default true). */
  enabled?: boolean;
}

export interface AuditConfig {
  /** None, Metadata (default), Request or RequestResponse. */
  level?: AuditLevel;
  /** Size of `<data-dir>/audit.log` at which it is rotated, in megabytes (default 10; fractions allowed). */
  maxSizeMB?: number;
  /** Rotated files kept (default 3). */
  maxBackups?: number;
}

export interface JobsConfig {
  /** First delay in seconds before a failed Job pod is replaced, doubled per failure (Kubernetes: 10). */
  podFailureBackoffSeconds?: number;
  /** Real seconds a CronJob schedule minute lasts (default 60): 2 runs an every-minute CronJob every 2 s. Whole seconds from 1 to 60. */
  cronSecondsPerMinute?: number;
}

export interface HPAConfig {
  /** Seconds between two looks at each HPA (Kubernetes: 15). */
  syncPeriodSeconds?: number;
  /** Default scale-down stabilisation window in seconds (Kubernetes: 300). */
  downscaleStabilizationSeconds?: number;
  /** Ratio band around 1 within which nothing changes (Kubernetes: 0.1). */
  tolerance?: number;
}

/** ConfigError names the file and the field at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const NODE_KINDS = new Set(['local', 'virtual', 'remote', 'hollow']);

function positiveNumber(v: unknown, field: string, file: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0)) throw new ConfigError(`${file}: ${field}: must be a positive number, got ${JSON.stringify(v)}`);
  return v;
}

/** parseClusterConfig validates a config document. */
export function parseClusterConfig(text: string, file = 'config.yaml'): ClusterConfig {
  let doc: unknown;
  try {
    // An empty file, or one of comments only, is no configuration (js-yaml's load refuses it).
    const docs = loadAll(text);
    if (docs.length > 1) throw new ConfigError(`${file}: holds ${docs.length} YAML documents; the configuration is one`);
    doc = docs[0];
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const e = err as { mark?: { line: number; column: number }; reason?: string; message: string };
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new ConfigError(`${file}${where}: ${e.reason ?? e.message}`);
  }
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`${file}: must be a mapping`);
  const raw = doc as Record<string, unknown>;
  const known = new Set(['nodes', 'pauseImage', 'nodeMonitorGracePeriodSeconds', 'podEvictionTimeoutSeconds', 'hpa', 'metrics', 'paused', 'audit', 'jobs', 'store', 'history']);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new ConfigError(`${file}: unknown field "${key}"`);
  const cfg: ClusterConfig = {};
  if (raw.nodes !== undefined) {
    if (!Array.isArray(raw.nodes)) throw new ConfigError(`${file}: nodes: must be a list`);
    cfg.nodes = raw.nodes.map((n: unknown, i) => {
      const node = n as Record<string, unknown> | null;
      if (!node || typeof node !== 'object') throw new ConfigError(`${file}: nodes[${i}]: must be a mapping`);
      if (!NODE_KINDS.has(String(node.kind))) throw new ConfigError(`${file}: nodes[${i}].kind: must be one of local, virtual, remote, hollow`);
      if (node.kind !== 'local' && typeof node.name !== 'string') throw new ConfigError(`${file}: nodes[${i}].name: required for a ${String(node.kind)} node`);
      if (node.kind === 'remote' && typeof node.endpoint !== 'string') throw new ConfigError(`${file}: nodes[${i}].endpoint: required for a remote node (tcp://, ssh:// or unix://)`);
      return node as unknown as NodeConfig;
    });
  }
  if (raw.pauseImage !== undefined) {
    if (typeof raw.pauseImage !== 'string' || raw.pauseImage === '') throw new ConfigError(`${file}: pauseImage: must be an image reference`);
    cfg.pauseImage = raw.pauseImage;
  }
  const grace = positiveNumber(raw.nodeMonitorGracePeriodSeconds, 'nodeMonitorGracePeriodSeconds', file);
  if (grace !== undefined) cfg.nodeMonitorGracePeriodSeconds = grace;
  const evict = positiveNumber(raw.podEvictionTimeoutSeconds, 'podEvictionTimeoutSeconds', file);
  if (evict !== undefined) cfg.podEvictionTimeoutSeconds = evict;
  if (raw.hpa !== undefined) cfg.hpa = parseHPAConfig(raw.hpa, file);
  if (raw.metrics !== undefined) cfg.metrics = parseMetricsConfig(raw.metrics, file);
  if (raw.paused !== undefined) {
    if (!Array.isArray(raw.paused)) throw new ConfigError(`${file}: paused: must be a list`);
    cfg.paused = raw.paused.map((v: unknown, i) => {
      const c = typeof v === 'string' ? componentOfPauseKey(pauseKey(v as PausableComponent)) : undefined;
      if (!c || c !== v) throw new ConfigError(`${file}: paused[${i}]: must be scheduler, controller-manager or kubelet/<node>, got ${JSON.stringify(v)}`);
      return c;
    });
  }
  if (raw.audit !== undefined) cfg.audit = parseAuditConfig(raw.audit, file);
  if (raw.jobs !== undefined) cfg.jobs = parseJobsConfig(raw.jobs, file);
  if (raw.store !== undefined) {
    if (typeof raw.store !== 'string') throw new ConfigError(`${file}: store: must be a store URL (sqlite, etcd://host:port/prefix or etcds://…), got ${JSON.stringify(raw.store)}`);
    try {
      cfg.store = parseStoreUrl(raw.store, `${file}: store`);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }
  if (raw.history !== undefined) cfg.history = parseHistoryConfig(raw.history, file, (msg) => new ConfigError(msg));
  return cfg;
}

function parseAuditConfig(v: unknown, file: string): AuditConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${file}: audit: must be a mapping`);
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!['level', 'maxSizeMB', 'maxBackups'].includes(key)) throw new ConfigError(`${file}: audit: unknown field "${key}"`);
  const out: AuditConfig = {};
  if (raw.level !== undefined) {
    if (!AUDIT_LEVELS.includes(raw.level as AuditLevel)) throw new ConfigError(`${file}: audit.level: must be one of ${AUDIT_LEVELS.join(', ')}, got ${JSON.stringify(raw.level)}`);
    out.level = raw.level as AuditLevel;
  }
  const size = positiveNumber(raw.maxSizeMB, 'audit.maxSizeMB', file);
  if (size !== undefined) out.maxSizeMB = size;
  if (raw.maxBackups !== undefined) {
    if (!Number.isInteger(raw.maxBackups) || (raw.maxBackups as number) < 0) throw new ConfigError(`${file}: audit.maxBackups: must be a whole number >= 0, got ${JSON.stringify(raw.maxBackups)}`);
    out.maxBackups = raw.maxBackups as number;
  }
  return out;
}

function parseMetricsConfig(v: unknown, file: string): MetricsConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${file}: metrics: must be a mapping`);
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (key !== 'enabled') throw new ConfigError(`${file}: metrics: unknown field "${key}"`);
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') throw new ConfigError(`${file}: metrics.enabled: must be true or false, got ${JSON.stringify(raw.enabled)}`);
  return raw.enabled === undefined ? {} : { enabled: raw.enabled };
}

function parseJobsConfig(v: unknown, file: string): JobsConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${file}: jobs: must be a mapping`);
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!['podFailureBackoffSeconds', 'cronSecondsPerMinute'].includes(key)) throw new ConfigError(`${file}: jobs: unknown field "${key}"`);
  const out: JobsConfig = {};
  const backoff = positiveNumber(raw.podFailureBackoffSeconds, 'jobs.podFailureBackoffSeconds', file);
  if (backoff !== undefined) out.podFailureBackoffSeconds = backoff;
  const spm = raw.cronSecondsPerMinute;
  if (spm !== undefined) {
    if (typeof spm !== 'number' || !Number.isInteger(spm) || spm < 1 || spm > 60) throw new ConfigError(`${file}: jobs.cronSecondsPerMinute: must be a whole number from 1 to 60, got ${JSON.stringify(spm)}`);
    out.cronSecondsPerMinute = spm;
  }
  return out;
}

function parseHPAConfig(v: unknown, file: string): HPAConfig {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${file}: hpa: must be a mapping`);
  const raw = v as Record<string, unknown>;
  for (const key of Object.keys(raw)) if (!['syncPeriodSeconds', 'downscaleStabilizationSeconds', 'tolerance'].includes(key)) throw new ConfigError(`${file}: hpa: unknown field "${key}"`);
  const out: HPAConfig = {};
  const sync = positiveNumber(raw.syncPeriodSeconds, 'hpa.syncPeriodSeconds', file);
  if (sync !== undefined) out.syncPeriodSeconds = sync;
  const down = raw.downscaleStabilizationSeconds;
  if (down !== undefined) {
    if (typeof down !== 'number' || !(down >= 0)) throw new ConfigError(`${file}: hpa.downscaleStabilizationSeconds: must be a number >= 0, got ${JSON.stringify(down)}`);
    out.downscaleStabilizationSeconds = down;
  }
  const tol = positiveNumber(raw.tolerance, 'hpa.tolerance', file);
  if (tol !== undefined) out.tolerance = tol;
  return out;
}

/** loadClusterConfig reads `<dataDir>/config.yaml` if present. */
export async function loadClusterConfig(dataDir: string): Promise<ClusterConfig> {
  const file = join(dataDir, 'config.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  return parseClusterConfig(text, file);
}

/** kubeletsConfigOf picks the kubelets' part of the config. */
export function kubeletsConfigOf(cfg: ClusterConfig): KubeletsConfig {
  return { ...(cfg.nodes ? { nodes: cfg.nodes } : {}), ...(cfg.pauseImage ? { pauseImage: cfg.pauseImage } : {}), ...(cfg.metrics?.enabled === false ? { metrics: false } : {}) };
}
