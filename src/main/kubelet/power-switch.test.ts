import { afterEach, describe, expect, it } from 'vitest';
import type { Node } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { FakeApiClient } from '../client/testing/fake-client';
import { POWER_ANNOTATION, startPowerSwitch, wantedPower } from './power-switch';

const node = (name: string, power?: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, ...(power ? { annotations: { [POWER_ANNOTATION]: power } } : {}) } }) as Node;

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('power switch', () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((s) => s()));

  it('reads the annotation: only "off" is off', () => {
    expect(wantedPower(node('a', 'off'))).toBe('off');
    expect(wantedPower(node('a', 'on'))).toBe('on');
    expect(wantedPower(node('a'))).toBe('on');
  });

  it('powers virtual nodes off and on as their annotation changes, and leaves other nodes alone', async () => {
    const c = new FakeApiClient();
    await c.create(GVR.nodes, undefined, node('virt'));
    await c.create(GVR.nodes, undefined, node('local', 'off'));
    const calls: string[] = [];
    const sw = startPowerSwitch(c, () => ({ powerOff: async (n) => void calls.push(`off ${n}`), powerOn: async (n) => void calls.push(`on ${n}`) }), new Set(['virt']));
    stops.push(sw.stop);
    await c.patch(GVR.nodes, undefined, 'virt', 'application/merge-patch+json', { metadata: { annotations: { [POWER_ANNOTATION]: 'off' } } });
    await until(() => calls.length === 1);
    await c.patch(GVR.nodes, undefined, 'virt', 'application/merge-patch+json', { metadata: { annotations: { [POWER_ANNOTATION]: 'on' } } });
    await until(() => calls.length === 2);
    expect(calls).toEqual(['off virt', 'on virt']);
  });
});
