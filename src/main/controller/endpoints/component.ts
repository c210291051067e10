/** The Endpoints controller as a cluster Component, for clusters that do not run it inside the controller manager. */
import { SharedInformerFactory } from '../../client/informer';
import { clientFor } from '../../client/types';
import { followPause, PauseGate, pauseInformer } from '../../client/pause-gate';
import type { Component, ComponentContext } from '../../client/component';
import { startEndpointsController, type EndpointsController } from './endpoints-controller';

export interface EndpointsControllerComponent extends Component {
  controller: EndpointsController;
}

/** endpointsControllerComponent returns a component factory running the Endpoints controller on its own informers. */
export function endpointsControllerComponent(opts: { workers?: number } = {}): (ctx: ComponentContext) => Promise<EndpointsControllerComponent> {
  return async (ctx) => {
    const factory = new SharedInformerFactory(clientFor(ctx.client, 'endpoint-controller'), { onError: (err) => ctx.log(`endpoints-controller: informer: ${String(err)}`) });
    // Kubernetes runs the Endpoints controller in the controller manager: it pauses with it.
    const gate = new PauseGate();
    followPause(pauseInformer(factory), 'controller-manager', gate);
    const started = startEndpointsController({
      client: clientFor(ctx.client, 'endpoint-controller'),
      factory,
      gate,
      workers: opts.workers ?? 2,
      onError: (key, err) => ctx.log(`endpoints-controller: ${key}: ${String(err)}`),
    });
    await factory.waitForCacheSync();
    return {
      name: 'endpoints-controller',
      controller: started.controller,
      async stop() {
        gate.release();
        started.stop();
        factory.stop();
        await started.done;
      },
    };
  };
}
