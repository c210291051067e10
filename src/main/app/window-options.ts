/**
 * The BrowserWindow options and navigation policy of the Kubedeck window, as
 * pure data and functions (no electron import at runtime) so a unit test can
 * check them (issue 6, A1).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { RENDERER_CSP } from './csp';
import type { WindowBounds } from './window-state';

export { RENDERER_CSP };

/** windowOptions builds the options of the main window for saved bounds and a preload path. */
export function windowOptions(bounds: WindowBounds, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 800,
    minHeight: 500,
    title: 'Kubedeck',
    show: false,
    backgroundColor: '#1b1d23',
    webPreferences: {
      preload: preloadPath,
      // The page is a web app talking HTTP to the cluster: it gets no Node,
      // runs sandboxed, and sees the preload only through contextBridge.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * isAllowedNavigation reports whether the window may navigate to `target`:
 * only within the UI server's own origin (the login link redirects to "/").
 */
export function isAllowedNavigation(target: string, uiOrigin: string): boolean {
  try {
    return new URL(target).origin === new URL(uiOrigin).origin;
  } catch {
    return false;
  }
}

/** isExternalLink reports whether a link should open in the user's browser instead (http/https only). */
export function isExternalLink(target: string): boolean {
  try {
    const { protocol } = new URL(target);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * withCsp returns response headers with the renderer's CSP set, replacing any
 * policy the response carried (Electron's onHeadersReceived hook).
 */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [RENDERER_CSP];
  return out;
}
