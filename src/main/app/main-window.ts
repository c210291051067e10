/**
 * The Kubedeck window: created from the pure options in window-options.ts,
 * with the CSP enforced on every response, navigation and new windows denied,
 * TLS trust limited to the cluster CA, and its bounds remembered.
 */
import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { verifyClusterCertificate } from './certificate-trust';
import { isAllowedNavigation, isExternalLink, windowOptions, withCsp } from './window-options';
import { loadWindowBounds, saveWindowBounds } from './window-state';

export interface MainWindowOptions {
  userDataDir: string;
  preloadPath: string;
  /** uiOrigin is the UI server's origin, the only one the window may show. */
  uiOrigin: string;
  /** caPem returns the current cluster CA (it changes on Cluster → Reset). */
  caPem: () => string | undefined;
}

let sessionHardened = false;

/** hardenSession installs the CSP header and certificate trust on the default session, once. */
export function hardenSession(caPem: () => string | undefined): void {
  if (sessionHardened) return;
  sessionHardened = true;
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  ses.setCertificateVerifyProc((request, callback) => {
    callback(verifyClusterCertificate(request.hostname, request.certificate.data, caPem()));
  });
  // The UI needs no camera, notifications, geolocation…
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** createMainWindow opens the window (hidden until ready) and wires its policies. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  hardenSession(opts.caPem);
  const stateFile = join(opts.userDataDir, 'window-state.json');
  const bounds = loadWindowBounds(stateFile);
  const win = new BrowserWindow(windowOptions(bounds, opts.preloadPath));
  if (bounds.maximized) win.maximize();

  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, opts.uiOrigin)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, opts.uiOrigin)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser; the app never opens windows.
    if (isExternalLink(url) && !isAllowedNavigation(url, opts.uiOrigin)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const maximized = win.isMaximized();
    const b = maximized ? win.getNormalBounds() : win.getBounds();
    saveWindowBounds(stateFile, { width: b.width, height: b.height, x: b.x, y: b.y, maximized });
  };
  win.on('close', save);
  return win;
}
