/** The desktop bridge (src/shared/ipc.ts), present only inside the Electron window. */
import type { KubedeckBridge } from '../../../shared/ipc';

declare global {
  interface Window {
    kubedeck?: KubedeckBridge;
  }
}

/** desktopBridge returns the preload bridge, or undefined in a plain browser (serve mode). */
export function desktopBridge(): KubedeckBridge | undefined {
  return typeof window !== 'undefined' ? window.kubedeck : undefined;
}
