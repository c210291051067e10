/**
 * The typed contract between Electron main, the preload bridge and the
 * renderer. The renderer talks to Kubernetes over HTTP (ARCHITECTURE decision
 * 1); this bridge carries only what a browser cannot do. In headless `serve`
 * mode there is no bridge at all (`window.kubedeck` is undefined) and the UI
 * must work without it.
 */

/** IPC_CHANNELS names every channel; main and preload use only these. */
export const IPC_CHANNELS = {
  /** invoke: () → ConnectionInfo */
  connectionInfo: 'kubedeck:connection-info',
  /** invoke: () → OpenedFile[] (empty when the dialog is cancelled) */
  openManifestFiles: 'kubedeck:open-manifest-files',
  /** main → renderer push: OpenedFile[] chosen through File → Apply YAML… */
  applyManifests: 'kubedeck:apply-manifests',
} as const;

export type ClusterState = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

/** ConnectionInfo describes the cluster the window is attached to. */
export interface ConnectionInfo {
  state: ClusterState;
  /** apiUrl is the HTTPS API kubectl uses, e.g. https://127.0.0.1:6443. */
  apiUrl?: string;
  kubeconfigPath?: string;
  dataDir?: string;
  /** error is the reason of the 'error' state. */
  error?: string;
}

/** OpenedFile is a manifest file read by main for the renderer. */
export interface OpenedFile {
  name: string;
  text: string;
}

/** IpcError is an Error flattened for structured clone. */
export interface IpcError {
  name: string;
  message: string;
}

/** IpcReply is what every invoke handler returns: never a thrown error across the bridge. */
export type IpcReply<T> = { result: T } | { error: IpcError };

/** KubedeckBridge is `window.kubedeck`, exposed by the preload in the desktop app only. */
export interface KubedeckBridge {
  /** platform is process.platform of the desktop app. */
  readonly platform: string;
  /** getConnectionInfo reports the cluster state and where kubectl finds it. */
  getConnectionInfo(): Promise<ConnectionInfo>;
  /** openManifestFiles shows the native open dialog and returns the chosen files' contents. */
  openManifestFiles(): Promise<OpenedFile[]>;
  /** onApplyManifests subscribes to File → Apply YAML…; returns the unsubscribe function. */
  onApplyManifests(listener: (files: OpenedFile[]) => void): () => void;
}

/** toIpcError flattens any thrown value into an IpcError. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** unwrapReply returns the result of a reply or throws its error rebuilt as an Error. */
export function unwrapReply<T>(reply: IpcReply<T>): T {
  if ('error' in reply) {
    const err = new Error(reply.error.message);
    err.name = reply.error.name;
    throw err;
  }
  return reply.result;
}
