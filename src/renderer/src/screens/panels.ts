/**
 * The heavy panels inside screens, chunks of their own: the log viewer and
 * the shell (xterm). A failed load is a ScreenLoadError, so the screen's
 * frame shows its retry instead of the error blanking the app.
 */
import { lazyScreen } from './lazy-screen';

export const logPanel = lazyScreen('log viewer', () => import('../components/logs/LogPanel').then((m) => m.default));
export const shellPanel = lazyScreen('shell', () => import('../components/shell/ShellPanel').then((m) => m.default));
