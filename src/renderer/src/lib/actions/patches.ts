/** The merge patches of the one-step actions, each the change the kubectl command makes. */
import { restartPatch } from './rollout';
import type { ActionId } from './targets';

/** POWER_ANNOTATION is the Node annotation the virtual nodes' power switch follows (src/main/kubelet/power-switch.ts). */
export const POWER_ANNOTATION = 'kubedeck.io/power';

/**
 * simplePatch returns the merge patch for rollout restart/pause/resume,
 * cordon/uncordon and the power switch. A null removes the field, as
 * kubectl's patches leave `paused` and `unschedulable` unset when false.
 */
export function simplePatch(action: ActionId, now: Date): object {
  switch (action) {
    case 'restart':
      return restartPatch(now);
    case 'pause':
      return { spec: { paused: true } };
    case 'resume':
      return { spec: { paused: null } };
    case 'cordon':
      return { spec: { unschedulable: true } };
    case 'uncordon':
      return { spec: { unschedulable: null } };
    case 'power-off':
    case 'power-on':
      return { metadata: { annotations: { [POWER_ANNOTATION]: action === 'power-off' ? 'off' : 'on' } } };
    default:
      throw new Error(`${action} is not a one-step action`);
  }
}

/**
 * refusal is kubectl's answer when a one-step action makes no sense for the
 * object as it is (restart of a paused Deployment, pause when paused, …);
 * undefined when the action may go ahead.
 */
export function refusal(action: ActionId, obj: { kind?: string; metadata: { name?: string }; spec?: { paused?: boolean; unschedulable?: boolean } }): string | undefined {
  const what = `${obj.kind === 'Node' ? 'node' : 'deployment.apps'}/${obj.metadata.name ?? ''}`;
  switch (action) {
    case 'restart':
      return obj.spec?.paused ? "can't restart paused deployment (run rollout resume first)" : undefined;
    case 'pause':
      return obj.spec?.paused ? `${what} is already paused` : undefined;
    case 'resume':
      return obj.spec?.paused ? undefined : `${what} is not paused`;
    default:
      return undefined;
  }
}
