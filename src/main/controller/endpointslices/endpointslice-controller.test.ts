import { afterEach, describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../../shared/api/core';
import { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointSlice } from '../../../shared/api/discovery';
import { GVR } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import { drainQueue } from '../../client/worker';
import { newHarness, type Harness } from '../testing/harness';
import { EndpointSliceController } from './endpointslice-controller';
import { SliceTracker } from './slice-tracker';
import { planSlices } from './slices';

let h: Harness;
afterEach(() => h?.stop());

function svc(name: string, extra: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return {
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }], ...extra },
  };
}

function pod(name: string, app: string, ip: string | undefined, ready: boolean, containerPort = 8080): Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'web', containerPort }] }] },
    status: { phase: 'Running', ...(ip ? { podIP: ip } : {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

async function setup(objs: { services?: Service[]; pods?: Pod[]; slices?: EndpointSlice[] }, maxEndpointsPerSlice?: number) {
  h = newHarness();
  for (const s of objs.services ?? []) h.client.seed(GVR.services, s);
  for (const p of objs.pods ?? []) h.client.seed(GVR.pods, p);
  for (const s of objs.slices ?? []) h.client.seed(GVR.endpointslices, s);
  const ctrl = new EndpointSliceController({
    client: h.client,
    serviceInformer: h.informer<Service>(GVR.services),
    podInformer: h.informer<Pod>(GVR.pods),
    sliceInformer: h.informer<EndpointSlice>(GVR.endpointslices),
    clock: h.clock,
    ...(maxEndpointsPerSlice ? { maxEndpointsPerSlice } : {}),
  });
  await h.start();
  return ctrl;
}

/** converge syncs until the queue stays empty; stale-cache errors are retried after the informers caught up. */
async function converge(ctrl: EndpointSliceController) {
  for (let i = 0; i < 20; i++) {
    await h.settle();
    if (ctrl.queue.len() === 0) return;
    await drainQueue(ctrl.queue, async (k) => {
      try {
        await ctrl.sync(k);
      } catch (err) {
        if (!/has not seen the last writes/.test(String(err))) throw err;
        ctrl.queue.add(k);
      }
    });
  }
  throw new Error('did not converge');
}

/** slicesOf lists the Service's slices in the fake store. */
function slicesOf(name: string): EndpointSlice[] {
  return h.client.all<EndpointSlice>(GVR.endpointslices, 'default').filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name);
}

const ips = (slices: EndpointSlice[]) => slices.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)).sort();

describe('EndpointSlice controller', () => {
  it('makes one slice per Service with the labels, the owner, the pods (conditions, nodeName, targetRef) and the resolved ports', async () => {
    const ctrl = await setup({
      services: [svc('web', {}, { tier: 'front' })],
      pods: [pod('web-b', 'web', '10.244.0.10', true), pod('web-a', 'web', '10.244.0.9', false), pod('other', 'db', '10.244.0.12', true)],
    });
    await converge(ctrl);
    const [s, ...more] = slicesOf('web');
    expect(more).toEqual([]);
    const service = h.client.peek<Service>(GVR.services, 'default', 'web')!;
    const a = h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!;
    expect(s!.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s!.metadata.labels).toEqual({ tier: 'front', [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: ENDPOINTSLICE_CONTROLLER });
    expect(s!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: service.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s!.addressType).toBe('IPv4');
    expect(s!.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(s!.endpoints).toEqual([
      { addresses: ['10.244.0.9'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid }, nodeName: 'node-1' },
      expect.objectContaining({ addresses: ['10.244.0.10'], conditions: { ready: true, serving: true, terminating: false } }),
    ]);
    // Converged: a second sync writes nothing.
    h.client.clearActions();
    await ctrl.sync('default/web');
    expect(h.client.actions.filter((x) => !['get', 'list', 'watch'].includes(x.verb))).toEqual([]);
  });

  it('follows pods: readiness, relabelling, terminating (kept, with conditions), new pods, and none left (a placeholder)', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', false), pod('web-b', 'web', '10.244.0.10', true)] });
    await converge(ctrl);
    const name = slicesOf('web')[0]!.metadata.name;

    const a = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!);
    a.status!.conditions = [{ type: 'Ready', status: 'True' }];
    await h.client.updateStatus(GVR.pods, 'default', a);
    await converge(ctrl);
    expect(slicesOf('web')[0]!.endpoints.map((e) => e.conditions?.ready)).toEqual([true, true]);

    const b = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-b')!);
    b.metadata.labels = { app: 'elsewhere' };
    await h.client.update(GVR.pods, 'default', b);
    await h.client.create(GVR.pods, 'default', pod('web-c', 'web', '10.244.0.11', true));
    await converge(ctrl);
    expect(ips(slicesOf('web'))).toEqual(['10.244.0.11', '10.244.0.9']);

    const a2 = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!);
    a2.metadata.finalizers = ['test/hold'];
    await h.client.update(GVR.pods, 'default', a2);
    await h.client.delete(GVR.pods, 'default', 'web-a');
    await converge(ctrl);
    const terminating = slicesOf('web')[0]!.endpoints.find((e) => e.targetRef?.name === 'web-a');
    expect(terminating?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    // The same slice all along: endpoints change in place.
    expect(slicesOf('web').map((s) => s.metadata.name)).toEqual([name]);

    await h.client.delete(GVR.pods, 'default', 'web-c');
    const a3 = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!);
    a3.metadata.finalizers = [];
    await h.client.update(GVR.pods, 'default', a3);
    await converge(ctrl);
    expect(slicesOf('web').map((s) => ({ name: s.metadata.name, endpoints: s.endpoints, ports: s.ports }))).toEqual([{ name, endpoints: [], ports: undefined }]);
  });

  it('splits beyond maxEndpointsPerSlice, fills slices with room before making new ones, and drops emptied slices', async () => {
    const pods = Array.from({ length: 7 }, (_, i) => pod(`web-${i}`, 'web', `10.244.0.${10 + i}`, true));
    const ctrl = await setup({ services: [svc('web')], pods }, 3);
    await converge(ctrl);
    expect(slicesOf('web').map((s) => s.endpoints.length).sort()).toEqual([1, 3, 3]);
    expect(ips(slicesOf('web'))).toHaveLength(7);

    // Two pods of a full slice go: the next pod fills the room instead of a new slice.
    const full = slicesOf('web').find((s) => s.endpoints.length === 3)!;
    for (const e of full.endpoints.slice(0, 2)) await h.client.delete(GVR.pods, 'default', e.targetRef!.name!);
    await h.client.create(GVR.pods, 'default', pod('web-new', 'web', '10.244.0.30', true));
    await converge(ctrl);
    expect(slicesOf('web')).toHaveLength(3);
    expect(ips(slicesOf('web'))).toHaveLength(6);

    // Down to one pod: the other slices go.
    for (const p of h.client.all<Pod>(GVR.pods, 'default').slice(1)) await h.client.delete(GVR.pods, 'default', p.metadata.name!);
    await converge(ctrl);
    expect(slicesOf('web').map((s) => s.endpoints.length)).toEqual([1]);
  });

  it('puts pods resolving a named port differently in slices of their own port set', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', true), pod('web-b', 'web', '10.244.0.10', true, 9090)] });
    await converge(ctrl);
    const byPort = slicesOf('web').map((s) => ({ port: s.ports![0]!.port, ips: s.endpoints.flatMap((e) => e.addresses) }));
    expect(byPort.sort((x, y) => x.port! - y.port!)).toEqual([
      { port: 8080, ips: ['10.244.0.9'] },
      { port: 9090, ips: ['10.244.0.10'] },
    ]);
  });

  it('leaves user slices alone, gives selector-less Services none, repairs edits, and deletes the slices with their Service', async () => {
    const own: EndpointSlice = { metadata: { name: 'ext-1', namespace: 'default', labels: { [SERVICE_NAME_LABEL]: 'ext' } }, addressType: 'IPv4', endpoints: [{ addresses: ['192.0.2.1'] }], ports: [{ name: '', protocol: 'TCP', port: 5432 }] };
    const ctrl = await setup({
      services: [svc('web'), { metadata: { name: 'ext', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } }],
      pods: [pod('web-a', 'web', '10.244.0.9', true)],
      slices: [own],
    });
    await converge(ctrl);
    expect(slicesOf('ext')).toEqual([expect.objectContaining({ endpoints: own.endpoints })]);

    const mine = structuredClone(slicesOf('web')[0]!);
    mine.endpoints = [];
    await h.client.update(GVR.endpointslices, 'default', mine);
    await converge(ctrl);
    expect(ips(slicesOf('web'))).toEqual(['10.244.0.9']);

    await h.client.delete(GVR.endpointslices, 'default', slicesOf('web')[0]!.metadata.name!);
    await converge(ctrl);
    expect(ips(slicesOf('web'))).toEqual(['10.244.0.9']);

    await h.client.delete(GVR.services, 'default', 'web');
    await converge(ctrl);
    expect(slicesOf('web')).toEqual([]);
    expect(slicesOf('ext')).toHaveLength(1);
  });

  it('retries a conflicting update', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', true)] });
    await converge(ctrl);
    await h.client.create(GVR.pods, 'default', pod('web-b', 'web', '10.244.0.10', true));
    h.client.failNext('update', new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict', message: 'conflict' }), { resource: 'endpointslices' });
    await h.settle();
    await expect(ctrl.sync('default/web')).rejects.toThrow(/conflict/);
    await ctrl.sync('default/web');
    expect(ips(slicesOf('web'))).toEqual(['10.244.0.10', '10.244.0.9']);
  });

  it('never makes a second slice for the same pods, whether or not the cache has seen the first', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', true)] });
    await ctrl.sync('default/web');
    await ctrl.sync('default/web').catch((err: unknown) => expect(String(err)).toMatch(/has not seen the last writes/));
    await converge(ctrl);
    expect(slicesOf('web')).toHaveLength(1);
  });
});

describe('SliceTracker', () => {
  const slice = (uid: string, generation: number): EndpointSlice => ({ metadata: { name: uid, namespace: 'default', uid, generation }, addressType: 'IPv4', endpoints: [] });
  it('is stale while a written slice is missing or older in the cache, or a deleted one is still there', () => {
    const t = new SliceTracker();
    expect(t.stale('default/web', [])).toBe(false);
    t.wrote('default/web', slice('a', 2));
    expect(t.stale('default/web', [])).toBe(true);
    expect(t.stale('default/web', [slice('a', 1)])).toBe(true);
    expect(t.stale('default/web', [slice('a', 2)])).toBe(false);
    expect(t.stale('default/web', [slice('a', 3)])).toBe(false);
    t.deleted('default/web', slice('a', 2));
    expect(t.stale('default/web', [slice('a', 2)])).toBe(true);
    expect(t.stale('default/web', [])).toBe(false);
    t.gone('default/web', slice('a', 2));
    expect(t.stale('default/web', [slice('a', 2)])).toBe(false);
  });
});

describe('planSlices', () => {
  it('deletes managed slices owned by an older Service of the same name', () => {
    const s = { ...svc('web'), metadata: { name: 'web', namespace: 'default', uid: 'new' } };
    const old: EndpointSlice = { metadata: { name: 'web-old', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'old', controller: true }] }, addressType: 'IPv4', endpoints: [] };
    const plan = planSlices(s, [{ ...pod('web-a', 'web', '10.0.0.1', true), metadata: { name: 'web-a', namespace: 'default', uid: 'p', labels: { app: 'web' } } }], [old], 100);
    expect(plan.delete.map((x) => x.metadata.name)).toEqual(['web-old']);
    expect(plan.create).toHaveLength(1);
    expect(plan.update).toEqual([]);
  });
});
