/**
 * The pause switch's ConfigMap at start-up (src/shared/api/component-pause.ts):
 * created empty if missing, so `kubectl patch` always finds it, with the
 * components config.yaml's `paused:` lists paused before any of them starts.
 */
import { pauseConfigMap, pausePatch, PAUSE_CONFIGMAP, PAUSE_NAMESPACE, type PausableComponent } from '../../shared/api/component-pause';
import { GVR } from '../../shared/api/resources';
import { isAlreadyExists } from '../../shared/errors';
import type { ApiClient } from '../client/types';
import type { Component, ComponentContext } from './cluster';

/** ensurePauseConfigMap creates the ConfigMap if missing and pauses the listed components in it. */
export async function ensurePauseConfigMap(client: ApiClient, paused: readonly PausableComponent[]): Promise<void> {
  try {
    await client.create(GVR.configmaps, PAUSE_NAMESPACE, pauseConfigMap(paused));
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  if (paused.length === 0) return;
  const data = Object.assign({}, ...paused.map((c) => pausePatch(c, true).data)) as Record<string, string>;
  await client.patch(GVR.configmaps, PAUSE_NAMESPACE, PAUSE_CONFIGMAP, 'application/merge-patch+json', { data });
}

/** pauseSwitchComponent writes the ConfigMap before the components that follow it start. */
export function pauseSwitchComponent(paused: readonly PausableComponent[]): (ctx: ComponentContext) => Promise<Component> {
  return async (ctx) => {
    await ensurePauseConfigMap(ctx.client, paused);
    if (paused.length > 0) ctx.log(`cluster: paused at start (config.yaml): ${paused.join(', ')}`);
    return { name: 'pause-switch', stop: async () => {} };
  };
}
