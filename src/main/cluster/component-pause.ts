/**
 * The pause switch at start-up (src/shared/api/component-pause.ts): the
 * components config.yaml's `paused:` lists are paused on the kube-system
 * Namespace before any of them starts.
 */
import { pausePatch, PAUSE_NAMESPACE, type PausableComponent } from '../../shared/api/component-pause';
import { GVR } from '../../shared/api/resources';
import type { ApiClient } from '../client/types';
import type { Component, ComponentContext } from '../client/component';

/** pauseAtStart sets the pause annotations of the listed components. */
export async function pauseAtStart(client: ApiClient, paused: readonly PausableComponent[]): Promise<void> {
  if (paused.length === 0) return;
  const annotations = Object.assign({}, ...paused.map((c) => pausePatch(c, true).metadata.annotations)) as Record<string, string>;
  await client.patch(GVR.namespaces, undefined, PAUSE_NAMESPACE, 'application/merge-patch+json', { metadata: { annotations } });
}

/** pauseSwitchComponent pauses config.yaml's components before the components that follow it start. */
export function pauseSwitchComponent(paused: readonly PausableComponent[]): (ctx: ComponentContext) => Promise<Component> {
  return async (ctx) => {
    await pauseAtStart(ctx.client, paused);
    if (paused.length > 0) ctx.log(`cluster: paused at start (config.yaml): ${paused.join(', ')}`);
    return { name: 'pause-switch', stop: async () => {} };
  };
}
