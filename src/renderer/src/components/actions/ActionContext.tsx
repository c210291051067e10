/**
 * The action host: any component (a row's buttons, the command palette) asks
 * for an action on a target; the one ActionHost shows that action's dialog,
 * one at a time. A tiny module store rather than a context, so the host is a
 * sibling in the app shell and nothing needs wrapping.
 */
import { useSyncExternalStore } from 'react';
import type { ActionId, ActionTarget } from '../../lib/actions/targets';
import { DialogFrame } from '../../screens/DialogFrame';
import { actionDialog } from '../../screens/dialogs';

// The dialogs (YAML editor, drain, rollout history) are a chunk of their own, not part of the first screen.
const ActionDialog = actionDialog.Screen;

interface ActionRequest {
  action: ActionId;
  target: ActionTarget;
}

let current: ActionRequest | null = null;
const listeners = new Set<() => void>();

function setRequest(r: ActionRequest | null): void {
  current = r;
  for (const l of listeners) l();
}

/** runAction opens the dialog of an action on a target. */
export function runAction(action: ActionId, target: ActionTarget): void {
  setRequest({ action, target });
}

/** useActions returns the function that starts an action. */
export function useActions(): { run: typeof runAction } {
  return { run: runAction };
}

const subscribe = (cb: () => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

/** ActionHost renders the current action's dialog, if any. */
export function ActionHost() {
  const request = useSyncExternalStore(subscribe, () => current);
  if (!request) return null;
  const { action, target } = request;
  const close = () => setRequest(null);
  return (
    <DialogFrame onClose={close}>
      <ActionDialog key={`${action}:${target.kind}:${target.namespace ?? ''}/${target.name}`} action={action} target={target} onClose={close} />
    </DialogFrame>
  );
}
