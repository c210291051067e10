import { afterEach, describe, expect, it } from 'vitest';
import type { Service } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { ApiError } from '../../shared/errors';
import { drainQueue } from '../client/worker';
import { newHarness, type Harness } from '../controller/testing/harness';
import { IPRange, ServiceIPAllocator } from './service-ip-allocator';

let h: Harness;
afterEach(() => h?.stop());

const svc = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'default' }, spec });

async function setup(range: string, ...svcs: Service[]) {
  h = newHarness();
  for (const s of svcs) h.client.seed(GVR.services, s);
  const alloc = new ServiceIPAllocator({ client: h.client, serviceInformer: h.informer<Service>(GVR.services), serviceRange: range, clock: h.clock });
  await h.start();
  return alloc;
}

async function converge(a: ServiceIPAllocator) {
  for (let i = 0; i < 10; i++) {
    await h.settle();
    if (a.queue.len() === 0) return;
    await drainQueue(a.queue, (k) => a.sync(k));
  }
}

const get = (name: string) => h.client.peek<Service>(GVR.services, 'default', name)!;

describe('ServiceIPAllocator', () => {
  it('gives distinct clusterIPs from the service range, skipping used ones, and nodePorts to NodePort/LoadBalancer ports', async () => {
    const a = await setup(
      '10.244.128.0/17',
      svc('taken', { clusterIP: '10.244.128.1', ports: [{ port: 80 }] }),
      svc('a', { ports: [{ port: 80 }] }),
      svc('b', { type: 'NodePort', ports: [{ port: 80 }, { port: 443, nodePort: 30000 }] }),
      svc('c', { type: 'LoadBalancer', ports: [{ port: 80 }] }),
      svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
      svc('headless', { clusterIP: 'None' }),
    );
    await converge(a);
    const ips = ['a', 'b', 'c'].map((n) => get(n).spec!.clusterIP!);
    expect(new Set(ips).size).toBe(3);
    for (const ip of ips) expect(ip).toMatch(/^10\.244\.(1[2-9]\d|2[0-5]\d)\.\d+$/);
    expect(ips).not.toContain('10.244.128.1');
    expect(get('a').spec!.clusterIPs).toEqual([get('a').spec!.clusterIP]);
    expect(get('a').spec!.ports![0]!.nodePort).toBeUndefined();
    expect(get('b').spec!.ports!.map((p) => p.nodePort)).toEqual([30001, 30000]);
    expect(get('c').spec!.ports![0]!.nodePort).toBe(30002);
    expect(get('ext').spec!.clusterIP).toBeUndefined();
    expect(get('headless').spec!.clusterIP).toBe('None');
  });

  it('a failed update gives the address back and the retry allocates again', async () => {
    const a = await setup('10.244.128.0/30', svc('a', { ports: [{ port: 80 }] }));
    h.client.failNext('update', new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict', message: 'conflict' }), {
      resource: 'services',
    });
    await expect(a.sync('default/a')).rejects.toThrow(/conflict/);
    await a.sync('default/a');
    expect(get('a').spec!.clusterIP).toMatch(/^10\.244\.128\.[12]$/);
  });

  it('a full range is an error, not a duplicate', async () => {
    const a = await setup('10.244.128.0/30', svc('x', { clusterIP: '10.244.128.1' }), svc('y', { clusterIP: '10.244.128.2' }), svc('z', {}));
    await expect(a.sync('default/z')).rejects.toThrow(/full/);
  });

  it('IPRange excludes the network and broadcast addresses', () => {
    const r = new IPRange('10.244.128.0/17');
    expect(r.at(0)).toBe('10.244.128.1');
    expect(r.at(r.size - 1)).toBe('10.244.255.254');
    expect(() => new IPRange('nonsense')).toThrow();
  });
});
