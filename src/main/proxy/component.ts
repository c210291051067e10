/** The Service proxy as a cluster Component (see src/main/client/component.ts). */
import { clientFor } from '../client/types';
import type { Component, ComponentContext } from '../client/component';
import { startServiceProxy, type RunningServiceProxy, type StartServiceProxyOptions } from './service-proxy';

export interface ServiceProxyComponent extends Component {
  proxy: RunningServiceProxy;
}

/**
 * serviceProxyComponent returns a component factory for the Service proxy on
 * the cluster's client. It resolves at once: the proxy reaches Docker in the
 * background (retrying), so a cluster starts even while Docker is down.
 * Unless told otherwise, its containers carry the cluster's id (derived from
 * the data dir, src/main/cluster/identity.ts) and join the cluster's own
 * network: stable across restarts (adoption) and distinct for two clusters
 * sharing one engine (they never adopt or remove each other's proxies).
 */
export function serviceProxyComponent(opts: Omit<StartServiceProxyOptions, 'client'> = {}): (ctx: ComponentContext) => Promise<ServiceProxyComponent> {
  return async (ctx) => {
    const clusterId = opts.clusterId ?? ctx.clusterId;
    const proxy = startServiceProxy({ log: ctx.log, ...opts, clusterId, client: clientFor(ctx.client, 'kube-proxy') });
    return { name: 'service-proxy', proxy, stop: () => proxy.stop() };
  };
}
