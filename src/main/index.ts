/**
 * Electron bootstrap: one instance, the menu, the cluster, the UI server and
 * the window. The window shows the same UI the headless `serve` mode serves,
 * through a UI server on an ephemeral loopback port (ARCHITECTURE decision 2).
 */
import { app, BrowserWindow, clipboard, dialog } from 'electron';
import { join } from 'node:path';
import { startCluster } from './cluster/cluster';
import { defaultComponents } from './cluster/components';
import { loadClusterConfig } from './cluster/config';
import { defaultDataDir } from './cluster/data-dir';
import { resetClusterData } from './cluster/reset';
import { ClusterController } from './app/cluster-controller';
import { registerIpcHandlers, pickManifestFiles } from './app/ipc-handlers';
import { createMainWindow } from './app/main-window';
import { installMenu } from './app/menu';
import { startUiServer, type UiServer } from './ui-server/ui-server';
import { IPC_CHANNELS } from '../shared/ipc';

let mainWindow: BrowserWindow | undefined;
let ui: UiServer | undefined;
let quitting = false;

// The desktop app logs to stderr (visible when launched from a terminal).
const log = (msg: string): void => console.error(msg);
// The API keeps kubectl's usual port so a kubeconfig stays valid across restarts;
// controllers, scheduler and the Docker kubelet are the same set `serve` runs.
// If 6443 is taken (another cluster), any free port will do.
// The data dir is the one `serve` uses by default, so both share one cluster.
const controller = new ClusterController(defaultDataDir(), async (opts) => {
  const config = await loadClusterConfig(opts.dataDir);
  const start = async (port: number) => {
    const { kubelets: _kubelets, ...components } = await defaultComponents({ dataDir: opts.dataDir, kubelet: true, config }, log);
    return startCluster({ ...opts, port, log, ...components, ...(config.store ? { store: config.store } : {}) });
  };
  try {
    return await start(6443);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return start(0);
  }
  // Reset removes this cluster's containers, volumes and network (never another cluster's), then its state (its etcd keys too).
}, async (dataDir) => resetClusterData(dataDir, log, undefined, (await loadClusterConfig(dataDir)).store));

function showError(title: string, err: unknown): void {
  dialog.showErrorBox(title, err instanceof Error ? err.message : String(err));
}

function openWindow(): void {
  if (!ui) return;
  const server = ui;
  mainWindow = createMainWindow({
    userDataDir: app.getPath('userData'),
    preloadPath: join(__dirname, '../preload/index.cjs'),
    uiOrigin: server.url,
    caPem: () => controller.caPem,
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadURL(server.createLoginUrl());
}

async function applyYamlFromDialog(): Promise<void> {
  try {
    const files = await pickManifestFiles(mainWindow);
    if (files.length > 0) mainWindow?.webContents.send(IPC_CHANNELS.applyManifests, files);
  } catch (err) {
    showError('Could not read the manifest', err);
  }
}

async function confirmReset(): Promise<void> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['Cancel', 'Reset'],
    defaultId: 0,
    cancelId: 0,
    message: 'Reset the cluster?',
    detail: "This deletes every object stored in the cluster and the cluster's containers, volumes and network, and starts a fresh one.",
  });
  if (response === 1) await controller.reset();
}

async function main(): Promise<void> {
  await app.whenReady();
  installMenu({
    applyYaml: () => void applyYamlFromDialog(),
    startCluster: () => void controller.start(),
    stopCluster: () => void controller.stop(),
    resetCluster: () => void confirmReset(),
    copyKubeconfigPath: () => clipboard.writeText(controller.info().kubeconfigPath ?? ''),
  });
  registerIpcHandlers({
    uiOrigin: () => ui?.url,
    window: () => mainWindow,
    connectionInfo: () => controller.info(),
  });
  ui = await startUiServer({ cluster: controller.apiHandler, rendererDir: join(__dirname, '../renderer') });
  // The window opens at once and shows "connecting" until the cluster answers.
  openWindow();
  await controller.start();
  const info = controller.info();
  if (info.state === 'error') showError('The cluster did not start', info.error);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Stop the cluster before exiting; its pods' containers keep running and
  // are adopted at the next start, as Docker Desktop does.
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      try {
        await controller.stop();
        await ui?.stop();
      } finally {
        app.exit(0);
      }
    })();
  });
  main().catch((err) => {
    showError('Kubedeck failed to start', err);
    app.exit(1);
  });
}
