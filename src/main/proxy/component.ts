/** The Service proxy as a cluster Component (see src/main/cluster/cluster.ts). */
import type { Component, ComponentContext } from '../cluster/cluster';
import { startServiceProxy, type RunningServiceProxy, type StartServiceProxyOptions } from './service-proxy';

export interface ServiceProxyComponent extends Component {
  proxy: RunningServiceProxy;
}

/**
 * serviceProxyComponent returns a component factory for the Service proxy on
 * the cluster's client. It resolves at once: the proxy reaches Docker in the
 * background (retrying), so a cluster starts even while Docker is down.
 */
export function serviceProxyComponent(opts: Omit<StartServiceProxyOptions, 'client'> = {}): (ctx: ComponentContext) => Promise<ServiceProxyComponent> {
  return async (ctx) => {
    const proxy = startServiceProxy({ log: ctx.log, ...opts, client: ctx.client });
    return { name: 'service-proxy', proxy, stop: () => proxy.stop() };
  };
}
