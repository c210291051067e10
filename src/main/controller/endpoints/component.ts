/** The Endpoints controller as a cluster Component, for clusters that do not run it inside the controller manager. */
import { SharedInformerFactory } from '../../client/informer';
import type { Component, ComponentContext } from '../../cluster/cluster';
import { startEndpointsController, type EndpointsController } from './endpoints-controller';

export interface EndpointsControllerComponent extends Component {
  controller: EndpointsController;
}

/** endpointsControllerComponent returns a component factory running the Endpoints controller on its own informers. */
export function endpointsControllerComponent(opts: { workers?: number } = {}): (ctx: ComponentContext) => Promise<EndpointsControllerComponent> {
  return async (ctx) => {
    const factory = new SharedInformerFactory(ctx.client, { onError: (err) => ctx.log(`endpoints-controller: informer: ${String(err)}`) });
    const started = startEndpointsController({
      client: ctx.client,
      factory,
      workers: opts.workers ?? 2,
      onError: (key, err) => ctx.log(`endpoints-controller: ${key}: ${String(err)}`),
    });
    await factory.waitForCacheSync();
    return {
      name: 'endpoints-controller',
      controller: started.controller,
      async stop() {
        started.stop();
        factory.stop();
        await started.done;
      },
    };
  };
}
