/**
 * `kubedeck serve`: the cluster without Electron, plus the UI server for the
 * built renderer on http://127.0.0.1. Prints the API URL, the kubeconfig path
 * and a one-time login link, then runs until SIGINT/SIGTERM.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCluster } from './cluster/cluster';
import { defaultComponents } from './cluster/components';
import { loadClusterConfig } from './cluster/config';
import { clusterIdFor } from './cluster/identity';
import { describeStore, parseStoreUrl, type StoreChoice } from './cluster/store-choice';
import { defaultDataDir } from './cluster/data-dir';
import { acquireDataDirLock, DataDirLockedError } from './cluster/data-dir-lock';
import { resetClusterData } from './cluster/reset';
import { startUiServer } from './ui-server/ui-server';
import { askControl, startControlSocket } from './ui-server/control-socket';

const USAGE = `Usage: kubedeck serve [--data-dir DIR] [--port N] [--ui-port N] [--no-ui] [--no-kubelet] [--hollow-nodes N] [--store URL] [--reset]

  --data-dir DIR     where state, certificates and the kubeconfig live (default: ${defaultDataDir()});
                     one Kubedeck per data dir: a second one exits with status 3
  --reset            first remove this cluster's containers, volumes and network and its state
                     (other clusters on the engine are untouched), then start afresh
  --port N           API port on 127.0.0.1 (default 6443; 0 picks a free port)
  --ui-port N        UI port on 127.0.0.1 (default 0: a free port)
  --no-ui            serve the API only
  --no-kubelet       run no Docker-backed node (control plane only)
  --hollow-nodes N   add N hollow nodes (no containers; for benchmarks)
  --store URL        where the state lives (overrides config.yaml's store:): sqlite (default, <data-dir>/state.db),
                     etcd://host:2379[,host:2379…][/prefix], or etcds://…?ca=FILE&cert=FILE&key=FILE for TLS;
                     the default prefix is /kubedeck/<cluster id>, so clusters can share one etcd
  --login-link       print a new one-time login link from the Kubedeck running on --data-dir, and exit
  --revoke-sessions  sign every browser out of the Kubedeck running on --data-dir, and exit
`;

function parsePort(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`kubedeck serve: --${name} must be a port number (0-65535), got "${v}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'ui-port': { type: 'string' },
        'no-ui': { type: 'boolean' },
        'no-kubelet': { type: 'boolean' },
        'hollow-nodes': { type: 'string' },
        store: { type: 'string' },
        reset: { type: 'boolean' },
        'login-link': { type: 'boolean' },
        'revoke-sessions': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`kubedeck serve: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // Asking the running process (no lock: it holds it).
  if (values['login-link'] || values['revoke-sessions']) {
    try {
      if (values['revoke-sessions']) console.log(`Signed out ${await askControl(dataDir, 'revoke-sessions')} browser session(s).`);
      if (values['login-link']) console.log(`Kubedeck UI: ${await askControl(dataDir, 'login-link')}`);
      return;
    } catch (err) {
      console.error(`kubedeck serve: ${(err as Error).message}`);
      process.exit(4);
    }
  }
  const hollow = parsePort('hollow-nodes', values['hollow-nodes'], 0);
  let storeFlag: StoreChoice | undefined;
  try {
    storeFlag = values.store === undefined ? undefined : parseStoreUrl(values.store);
  } catch (err) {
    console.error(`kubedeck serve: ${(err as Error).message}`);
    process.exit(2);
  }
  const port = parsePort('port', values.port, 6443);
  const log = (msg: string) => console.error(msg);
  // The lock first: a second process on this data dir must not touch its store, network or containers.
  let lock;
  try {
    lock = acquireDataDirLock(dataDir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    console.error(`kubedeck serve: ${err.message}`);
    process.exit(3);
  }
  if (values.reset) await resetClusterData(dataDir, log, lock);
  const config = await loadClusterConfig(dataDir);
  const { kubelets: _kubelets, ...components } = await defaultComponents({ dataDir, kubelet: !values['no-kubelet'], hollowNodes: hollow, config }, log);
  const store = storeFlag ?? config.store;
  const cluster = await startCluster({ dataDir, lock, port, log, ...components, ...(store ? { store } : {}) });
  console.log(`Kubedeck API ready: ${cluster.apiUrl}`);
  console.log(`Kubeconfig: ${cluster.kubeconfigPath}`);
  console.log(`Data: ${dataDir}`);
  console.log(`Store: ${describeStore(store ?? { kind: 'sqlite' }, dataDir, clusterIdFor(dataDir))}`);
  let ui: Awaited<ReturnType<typeof startUiServer>> | undefined;
  let control: { stop(): Promise<void> } | undefined;
  if (!values['no-ui']) {
    const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '../renderer');
    ui = await startUiServer({ cluster, rendererDir, port: parsePort('ui-port', values['ui-port'], 0) });
    console.log(`Kubedeck UI: ${ui.loginUrl}`);
    const server = ui;
    control = await startControlSocket(dataDir, { loginLink: () => server.createLoginUrl(), revokeSessions: () => server.revokeSessions() });
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`kubedeck serve: ${signal}, stopping`);
    await control?.stop();
    await ui?.stop();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`kubedeck serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
