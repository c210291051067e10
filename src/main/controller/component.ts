/** The controller manager as a cluster Component (see src/main/client/component.ts). */
import type { Component, ComponentContext } from '../client/component';
import { startControllerManager, type ControllerManager, type ControllerManagerOptions } from './manager';

export interface ControllerManagerComponent extends Component {
  manager: ControllerManager;
}

/** controllerManagerComponent returns a component factory starting every controller on the cluster's client and shared informers (the scheduler is a component of its own). */
export function controllerManagerComponent(opts: ControllerManagerOptions = {}): (ctx: ComponentContext) => Promise<ControllerManagerComponent> {
  return async (ctx) => {
    const manager = await startControllerManager(ctx.client, {
      log: ctx.log,
      factory: ctx.informers,
      onError: (component, key, err) => ctx.log(`${component}: ${key}: ${String(err)}`),
      ...opts,
    });
    return { name: 'controller-manager', manager, stop: () => manager.stop() };
  };
}
