/**
 * The preload bridge: exposes `window.kubedeck` (src/shared/ipc.ts), one
 * function per capability. It never hands the page ipcRenderer itself, and
 * errors come back as {error} replies rebuilt into real Errors here.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CHANNELS,
  unwrapReply,
  type ConnectionInfo,
  type IpcReply,
  type KubedeckBridge,
  type OpenedFile,
} from '../shared/ipc';

async function invoke<T>(channel: string): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel)) as IpcReply<T>;
  return unwrapReply(reply);
}

const bridge: KubedeckBridge = {
  platform: process.platform,
  getConnectionInfo: () => invoke<ConnectionInfo>(IPC_CHANNELS.connectionInfo),
  openManifestFiles: () => invoke<OpenedFile[]>(IPC_CHANNELS.openManifestFiles),
  onApplyManifests(listener) {
    // Wrap so the page never sees the IpcRendererEvent (it carries `sender`).
    const handler = (_event: IpcRendererEvent, files: OpenedFile[]): void => listener(files);
    ipcRenderer.on(IPC_CHANNELS.applyManifests, handler);
    return () => {
      ipcRenderer.off(IPC_CHANNELS.applyManifests, handler);
    };
  },
};

contextBridge.exposeInMainWorld('kubedeck', bridge);
