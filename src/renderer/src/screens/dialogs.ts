/**
 * The app-wide dialogs as chunks of their own: the Apply dialog (js-yaml, the
 * dry-run plan) and the action dialogs (scale, edit YAML, drain, rollout
 * history). Neither is needed to show the first screen. The Apply dialog
 * loads once the app is idle, in time for a drop or a paste, even one made
 * while the server is away; the action dialogs (which bring the YAML editor)
 * load on first use, as before.
 */
import { lazyScreen } from './lazy-screen';

export const applyDialog = lazyScreen('Apply dialog', () => import('../components/apply/ApplyDialog').then((m) => m.ApplyDialog));
export const actionDialog = lazyScreen('action dialog', () => import('../components/actions/ActionDialog').then((m) => m.ActionDialog));

/** preloadDialogsWhenIdle loads the Apply dialog's chunk after the first screen, when the browser is idle; it returns a cancel. */
export function preloadDialogsWhenIdle(): () => void {
  const load = () => void applyDialog.preload();
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(load, { timeout: 5_000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(load, 1_000);
  return () => window.clearTimeout(id);
}
