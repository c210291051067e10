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
