/**
 * The power switch of virtual nodes, driven through the API: setting the
 * annotation `kubedeck.io/power: "off"` on a virtual node's Node object
 * powers it off (heartbeats and containers stop, as in a failure drill), and
 * `"on"` (or removing it) powers it back on. The switch sits outside the node
 * (like a hypervisor's), so it still hears the API while the node is off.
 * `kubectl annotate node NAME kubedeck.io/power=off` does the same as the UI.
 */
import type { Node } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { Informer } from '../client/informer';
import type { ApiClient } from '../client/types';

/** POWER_ANNOTATION is the Node annotation the switch follows ("on" | "off"). */
export const POWER_ANNOTATION = 'kubedeck.io/power';

/** wantedPower reads the annotation: "off" means off; anything else (or none) means on. */
export function wantedPower(node: Pick<Node, 'metadata'>): 'on' | 'off' {
  return node.metadata.annotations?.[POWER_ANNOTATION] === 'off' ? 'off' : 'on';
}

/** PowerControl is what the switch drives (the started KubeletSet). */
export interface PowerControl {
  powerOff(node: string): Promise<void>;
  powerOn(node: string): Promise<void>;
}

/**
 * startPowerSwitch watches Nodes and flips the named virtual nodes to the
 * state their annotation asks for, one change at a time per node.
 */
export function startPowerSwitch(client: ApiClient, control: () => PowerControl | undefined, virtualNodes: ReadonlySet<string>, log: (m: string) => void = () => {}): { stop(): void } {
  const state = new Map<string, 'on' | 'off'>();
  const chains = new Map<string, Promise<void>>();
  const informer = new Informer<Node>(client, GVR.nodes, { onError: () => undefined });
  const apply = (node: Readonly<Node>) => {
    const name = node.metadata.name ?? '';
    if (!virtualNodes.has(name)) return;
    const want = wantedPower(node);
    if ((state.get(name) ?? 'on') === want) return;
    state.set(name, want);
    const prev = chains.get(name) ?? Promise.resolve();
    const next = prev.then(async () => {
      const c = control();
      if (!c) return;
      log(`power switch: node ${name} ${want}`);
      await (want === 'off' ? c.powerOff(name) : c.powerOn(name));
    });
    chains.set(name, next.catch((err: unknown) => log(`power switch: node ${name}: ${(err as Error).message}`)));
  };
  informer.addEventHandler({ onAdd: apply, onUpdate: (_old, n) => apply(n) });
  informer.start();
  return { stop: () => informer.stop() };
}
