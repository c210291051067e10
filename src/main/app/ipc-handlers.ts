/**
 * The main-process side of src/shared/ipc.ts: one handler per capability,
 * each answering {result} or {error}, and only to frames of our own UI origin.
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { IPC_CHANNELS, toIpcError, type ConnectionInfo, type IpcReply, type OpenedFile } from '../../shared/ipc';
import { isAllowedNavigation } from './window-options';

/** MAX_MANIFEST_BYTES bounds what a dialog pick may send to the renderer. */
const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;

export interface IpcDeps {
  uiOrigin: () => string | undefined;
  window: () => BrowserWindow | undefined;
  connectionInfo: () => ConnectionInfo;
}

/** readManifestFiles reads the chosen files, refusing ones too large to be manifests. */
export async function readManifestFiles(paths: string[]): Promise<OpenedFile[]> {
  const out: OpenedFile[] = [];
  for (const p of paths) {
    const buf = await readFile(p);
    if (buf.length > MAX_MANIFEST_BYTES) throw new Error(`${basename(p)} is larger than 3 MiB`);
    out.push({ name: basename(p), text: buf.toString('utf8') });
  }
  return out;
}

/** pickManifestFiles shows the native open dialog for YAML/JSON manifests. */
export async function pickManifestFiles(win: BrowserWindow | undefined): Promise<OpenedFile[]> {
  const options: Electron.OpenDialogOptions = {
    title: 'Apply YAML',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Kubernetes manifests', extensions: ['yaml', 'yml', 'json'] }],
  };
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? [] : readManifestFiles(picked.filePaths);
}

/** registerIpcHandlers installs the invoke handlers; returns a function removing them. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const handle = <T>(channel: string, fn: () => Promise<T> | T): void => {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent): Promise<IpcReply<T>> => {
      const origin = deps.uiOrigin();
      const frameUrl = event.senderFrame?.url ?? '';
      if (!origin || !isAllowedNavigation(frameUrl, origin)) {
        return { error: { name: 'SecurityError', message: 'IPC refused: sender is not the Kubedeck UI' } };
      }
      try {
        return { result: await fn() };
      } catch (err) {
        return { error: toIpcError(err) };
      }
    });
  };
  handle(IPC_CHANNELS.connectionInfo, () => deps.connectionInfo());
  handle(IPC_CHANNELS.openManifestFiles, () => pickManifestFiles(deps.window()));
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.connectionInfo);
    ipcMain.removeHandler(IPC_CHANNELS.openManifestFiles);
  };
}
