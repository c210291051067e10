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
import { kubedeckContextName, mergeKubeconfig, unmergeKubeconfig } from './cluster/kubeconfig-merge';
import { clusterIdFor } from './cluster/identity';
import { describeStore, parseStoreUrl, type StoreChoice } from './cluster/store-choice';
import { defaultDataDir } from './cluster/data-dir';
import { acquireDataDirLock, DataDirLockedError } from './cluster/data-dir-lock';
import { resetClusterData } from './cluster/reset';
import { describeMigration, runStoreMigration } from './cluster/store-migration';
import { startUiServer } from './ui-server/ui-server';
import { askControl, startControlSocket } from './ui-server/control-socket';

const USAGE = `Usage: kubedeck serve [--data-dir DIR] [--port N] [--ui-port N] [--no-ui] [--no-kubelet] [--hollow-nodes N] [--store URL] [--reset]

  --data-dir DIR     where state, certificates and the kubeconfig live (default: ${defaultDataDir()});
                     one Kubedeck per data dir: a second one exits with status 3
  --reset            first remove this cluster's containers, volumes and network and its state (its keys, with an etcd store)
                     (other clusters on the engine are untouched), then start afresh
  --port N           API port on 127.0.0.1 (default 6443; 0 picks a free port)
  --ui-port N        UI port on 127.0.0.1 (default 0: a free port)
  --no-ui            serve the API only
  --no-kubelet       run no Docker-backed node (control plane only)
  --hollow-nodes N   add N hollow nodes (no containers; for benchmarks)
  --store URL        where the state lives (overrides config.yaml's store:): sqlite (default, <data-dir>/state.db),
                     etcd://host:2379[,host:2379…][/prefix], or etcds://…?ca=FILE&cert=FILE&key=FILE for TLS;
                     the default prefix is /kubedeck/<cluster id>, so clusters can share one etcd
  --migrate-store-to URL  copy this (stopped) cluster's state from its current store (--store, config.yaml's
                     store:, else SQLite) into the store at URL with the history it still has, say what
                     cannot be kept, and exit; the source is only read; a target holding keys is refused
                     unless --force (which deletes them first)
  --login-link       print a new one-time login link from the Kubedeck running on --data-dir, and exit
  --revoke-sessions  sign every browser out of the Kubedeck running on --data-dir, and exit
  --merge-kubeconfig   add this cluster's context (kubedeck-<id>) to your kubeconfig (KUBECONFIG's first
                       file, else ~/.kube/config) and make it current; nothing else in it changes; then exit
  --unmerge-kubeconfig remove that context, cluster and user from your kubeconfig again, and exit
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

/** migrate runs --migrate-store-to and exits: 2 for a bad URL, 3 when the cluster runs, 1 when refused or failed. */
async function migrate(dataDir: string, storeFlag: StoreChoice | undefined, toUrl: string, force: boolean): Promise<void> {
  let to: StoreChoice;
  try {
    to = parseStoreUrl(toUrl, '--migrate-store-to');
  } catch (err) {
    console.error(`kubedeck serve: ${(err as Error).message}`);
    process.exit(2);
  }
  const from = storeFlag ?? (await loadClusterConfig(dataDir)).store ?? { kind: 'sqlite' };
  try {
    const report = await runStoreMigration({ dataDir, from, to, force, log: (m) => console.error(m) });
    console.log(describeMigration(report, to, toUrl, dataDir));
  } catch (err) {
    console.error(`kubedeck serve: ${(err as Error).message}`);
    process.exit(err instanceof DataDirLockedError ? 3 : 1);
  }
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
        'migrate-store-to': { type: 'string' },
        force: { type: 'boolean' },
        'login-link': { type: 'boolean' },
        'revoke-sessions': { type: 'boolean' },
        'merge-kubeconfig': { type: 'boolean' },
        'unmerge-kubeconfig': { type: 'boolean' },
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
  // The user's kubeconfig, on request only.
  if (values['merge-kubeconfig'] || values['unmerge-kubeconfig']) {
    try {
      const id = clusterIdFor(dataDir);
      if (values['unmerge-kubeconfig']) {
        const r = await unmergeKubeconfig(id);
        console.log(r.removed ? `Removed context ${kubedeckContextName(id)} from ${r.file}.` : `No context ${kubedeckContextName(id)} in ${r.file}: nothing to remove.`);
      } else {
        const r = await mergeKubeconfig(join(dataDir, 'kubeconfig'), id, { use: true });
        console.log(`Added context ${r.context} to ${r.file} and made it current (kubectl config use-context to switch back).`);
      }
      return;
    } catch (err) {
      console.error(`kubedeck serve: ${(err as Error).message}`);
      process.exit(1);
    }
  }
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
  if (values.force && values['migrate-store-to'] === undefined) {
    console.error('kubedeck serve: --force only goes with --migrate-store-to');
    process.exit(2);
  }
  if (values['migrate-store-to'] !== undefined) {
    await migrate(dataDir, storeFlag, values['migrate-store-to'], values.force === true);
    return;
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
  // config.yaml survives a reset; it says which store to empty.
  const config = await loadClusterConfig(dataDir);
  if (values.reset) await resetClusterData(dataDir, log, lock, storeFlag ?? config.store);
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
