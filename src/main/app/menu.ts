/**
 * The application menu. Actions are injected so the menu holds no cluster or
 * window logic of its own.
 */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  applyYaml(): void;
  startCluster(): void;
  stopCluster(): void;
  resetCluster(): void;
  copyKubeconfigPath(): void;
}

/** buildMenuTemplate returns the menu as data (File, Edit, Cluster, View, Window, Help). */
export function buildMenuTemplate(actions: MenuActions, isMac: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'Apply YAML…', accelerator: 'CmdOrCtrl+O', click: () => actions.applyYaml() },
        { type: 'separator' },
        { label: 'Copy kubeconfig Path', click: () => actions.copyKubeconfigPath() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Cluster',
      submenu: [
        { label: 'Start', click: () => actions.startCluster() },
        { label: 'Stop', click: () => actions.stopCluster() },
        { type: 'separator' },
        { label: 'Reset…', click: () => actions.resetCluster() },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Kubernetes Documentation', click: () => void shell.openExternal('https://kubernetes.io/docs/') },
        { label: 'kubectl Reference', click: () => void shell.openExternal('https://kubernetes.io/docs/reference/kubectl/') },
      ],
    },
  );
  return template;
}

/** installMenu sets the application menu. */
export function installMenu(actions: MenuActions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(actions, process.platform === 'darwin')));
}
