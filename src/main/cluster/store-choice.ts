/**
 * Which store a cluster keeps its state in: SQLite in the data dir (the
 * default) or an etcd cluster, chosen by `serve --store URL` or `store:` in
 * config.yaml, in one URL syntax:
 *
 *   sqlite                                   <data-dir>/state.db
 *   etcd://host:2379,host2:2379[/prefix]     etcd over plain HTTP
 *   etcds://host:2379[/prefix]?ca=F&cert=F&key=F
 *                                            etcd over TLS (CA, client certificate and key files)
 *
 * Every cluster keeps its keys under its own prefix (default
 * `/kubedeck/<cluster id>`), so several clusters can share one etcd.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEtcdStore, openSqliteStore, type EtcdStoreOptions, type Store } from '../storage';

/** StoreChoice is a parsed store URL. */
export type StoreChoice =
  | { kind: 'sqlite' }
  | { kind: 'etcd'; endpoints: string[]; prefix?: string; tls?: { caFile?: string; certFile?: string; keyFile?: string } };

/** StoreChoiceError names where the bad URL came from and what is wrong with it. */
export class StoreChoiceError extends Error {
  override name = 'StoreChoiceError';
}

const TLS_PARAMS = new Set(['ca', 'cert', 'key']);

/** parseStoreUrl reads a store URL; `where` names its source in errors (`--store`, `config.yaml: store`). */
export function parseStoreUrl(url: string, where = '--store'): StoreChoice {
  const fail = (why: string): never => {
    throw new StoreChoiceError(`${where}: ${why}, got ${JSON.stringify(url)} (use sqlite, etcd://host:port[,host:port…][/prefix] or etcds://…?ca=FILE&cert=FILE&key=FILE)`);
  };
  if (url === 'sqlite' || url === 'sqlite://') return { kind: 'sqlite' };
  const m = /^(etcds?):\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/.exec(url);
  if (!m) return fail('not a store URL');
  const [, scheme, hosts, path, query] = m;
  const secure = scheme === 'etcds';
  const endpoints = hosts!.split(',').map((h) => {
    const hm = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(h);
    if (!hm || Number(hm[2]) < 1 || Number(hm[2]) > 65535) return fail(`"${h}" is not host:port`);
    return `${secure ? 'https' : 'http'}://${h}`;
  });
  const choice: StoreChoice = { kind: 'etcd', endpoints };
  if (path && path !== '/') {
    if (path.includes('//')) fail('the key prefix has an empty segment');
    choice.prefix = decodeURIComponent(path).replace(/\/+$/, '');
  }
  const params = new URLSearchParams(query ?? '');
  for (const key of params.keys()) if (!TLS_PARAMS.has(key)) fail(`unknown parameter "${key}" (ca, cert, key)`);
  if (params.size > 0) {
    if (!secure) fail('TLS files need the etcds:// scheme');
    choice.tls = {
      ...(params.get('ca') ? { caFile: params.get('ca')! } : {}),
      ...(params.get('cert') ? { certFile: params.get('cert')! } : {}),
      ...(params.get('key') ? { keyFile: params.get('key')! } : {}),
    };
    if (!choice.tls.certFile !== !choice.tls.keyFile) fail('a client certificate needs both cert and key');
    if (choice.tls.certFile && !choice.tls.caFile) fail('a client certificate needs the CA too (ca=FILE)');
  }
  return choice;
}

/** defaultEtcdPrefix is where a cluster's keys live in a shared etcd unless the URL says otherwise. */
export function defaultEtcdPrefix(clusterId: string): string {
  return `/kubedeck/${clusterId}`;
}

/** describeStore says in one line where the state is (logs, `serve`'s banner); no credentials in it. */
export function describeStore(choice: StoreChoice, dataDir: string, clusterId: string): string {
  if (choice.kind === 'sqlite') return `SQLite ${join(dataDir, 'state.db')}`;
  return `etcd ${choice.endpoints.join(',')} under ${choice.prefix ?? defaultEtcdPrefix(clusterId)}`;
}

function readTlsFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new StoreChoiceError(`--store: cannot read the etcd ${what} ${file}: ${(err as Error).message}`);
  }
}

/**
 * The API server's budget per store call. A write proposed to a leader that
 * then dies is never answered; after 2 s it is resent to another member
 * (safe: every write is a compare-and-swap and a resend is resolved from the
 * key's history), so writes resume within a few seconds of a leader's loss.
 * Five attempts (about 12 s) ride out an election; beyond that the store is
 * unavailable and the API answers 503 with Retry-After.
 */
const API_CALL_TIMEOUT_MS = 2_000;
const API_MAX_ATTEMPTS = 5;

/** etcdOptions turns an etcd choice into the backend's options (reading the TLS files). */
export function etcdOptions(choice: Extract<StoreChoice, { kind: 'etcd' }>, clusterId: string): EtcdStoreOptions {
  const opts: EtcdStoreOptions = {
    endpoints: choice.endpoints,
    prefix: choice.prefix ?? defaultEtcdPrefix(clusterId),
    callTimeoutMs: API_CALL_TIMEOUT_MS,
    maxAttempts: API_MAX_ATTEMPTS,
  };
  if (choice.tls) {
    opts.tls = {
      ...(choice.tls.caFile ? { ca: readTlsFile(choice.tls.caFile, 'CA') } : {}),
      ...(choice.tls.certFile ? { cert: readTlsFile(choice.tls.certFile, 'client certificate') } : {}),
      ...(choice.tls.keyFile ? { key: readTlsFile(choice.tls.keyFile, 'client key') } : {}),
    };
  }
  return opts;
}

/** openChosenStore opens the store a cluster was told to use. */
export async function openChosenStore(choice: StoreChoice, dataDir: string, clusterId: string): Promise<Store> {
  if (choice.kind === 'sqlite') return openSqliteStore(join(dataDir, 'state.db'));
  return openEtcdStore(etcdOptions(choice, clusterId));
}
