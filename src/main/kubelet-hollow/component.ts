/** Hollow nodes as a cluster Component — benchmarks only (see hollow-kubelet.ts). */
import type { Component, ComponentContext } from '../client/component';
import type { MetricsProvider } from '../node-api/metrics';
import { HollowKubelet, type HollowKubeletOptions } from './hollow-kubelet';

/** hollowKubeletComponent returns a component factory registering hollow nodes on the cluster's client. */
export function hollowKubeletComponent(opts: HollowKubeletOptions, onStarted?: (fakeMetrics: MetricsProvider) => void): (ctx: ComponentContext) => Promise<Component & { kubelet: HollowKubelet }> {
  return async (ctx) => {
    const kubelet = new HollowKubelet(ctx.client, { onError: (err) => ctx.log(`hollow-kubelet: ${String(err)}`), ...opts });
    await kubelet.start();
    onStarted?.(kubelet.fakeMetrics());
    ctx.log(`hollow-kubelet: ${kubelet.nodeNames.length} hollow node(s) registered`);
    return { name: 'hollow-kubelet', kubelet, stop: () => kubelet.stop() };
  };
}
