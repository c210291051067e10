/**
 * The kubelets' part of the cluster options: the component that starts the
 * configured nodes, and the backend of the API server's pod streaming
 * (pods/log, exec, attach, portforward) served by those kubelets. Merge into startCluster's options.
 */
import type { ComponentContext, ComponentFactory } from '../client/component';
import type { PodStreamBackend } from '../node-api/streaming';
import { kubeletComponent, type KubeletComponent, type KubeletsConfig } from './nodes';
import { startPowerSwitch } from './power-switch';
import { createPodStreamBackend, KubeletRegistry } from './streaming';

export interface KubeletClusterOptions {
  /** The kubelets and their power switch, for startCluster's components. */
  components: ComponentFactory[];
  /** The API server's pod streaming (logs, exec, attach, port-forward) served by these kubelets. */
  podStreams: (ctx: ComponentContext) => PodStreamBackend;
  /** The kubelets by node, filled once the component has started. */
  registry: KubeletRegistry;
  /** The started kubelets (power switch for virtual nodes), once started. */
  started(): KubeletComponent | undefined;
}

/** kubeletClusterOptions returns the kubelet component and the pod streaming it serves. */
export function kubeletClusterOptions(cfg: KubeletsConfig = {}, registry = new KubeletRegistry()): KubeletClusterOptions {
  let component: KubeletComponent | undefined;
  return {
    registry,
    started: () => component,
    components: [
      async (ctx) => {
        component = await kubeletComponent(cfg, registry)(ctx);
        return component;
      },
      // The power switch of virtual and remote nodes, driven by the kubedeck.io/power annotation
      // (a remote node powered off stops heartbeating and stops its containers on its engine, as a machine going down).
      async (ctx) => {
        const virtual = new Set((cfg.nodes ?? []).filter((n) => n.kind === 'virtual' || n.kind === 'remote').map((n) => n.name as string));
        const sw = startPowerSwitch(ctx.client, () => component?.set, virtual, ctx.log);
        return { name: 'power-switch', stop: async () => sw.stop() };
      },
    ],
    podStreams: (ctx) => createPodStreamBackend(ctx.client, registry),
  };
}
