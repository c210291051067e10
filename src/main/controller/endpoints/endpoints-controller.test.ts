import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { ApiError } from '../../../shared/errors';
import { drainQueue } from '../../client/worker';
import { newHarness, type Harness } from '../testing/harness';
import { computeSubsets, EndpointsController, resolveTargetPort, shouldPodBeInEndpoints } from './endpoints-controller';

let h: Harness;
afterEach(() => h?.stop());

function svc(name: string, extra: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return {
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...extra },
  };
}

function pod(name: string, app: string, ip: string | undefined, ready: boolean, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', labels: { app } },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'busybox', ports: [{ name: 'web', containerPort: 8080 }] }], ...extra },
    status: {
      phase: 'Running',
      ...(ip ? { podIP: ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

async function setup(objs: { services?: Service[]; pods?: Pod[]; endpoints?: Endpoints[] }) {
  h = newHarness();
  for (const s of objs.services ?? []) h.client.seed(GVR.services, s);
  for (const p of objs.pods ?? []) h.client.seed(GVR.pods, p);
  for (const e of objs.endpoints ?? []) h.client.seed(GVR.endpoints, e);
  const ctrl = new EndpointsController({
    client: h.client,
    serviceInformer: h.informer<Service>(GVR.services),
    podInformer: h.informer<Pod>(GVR.pods),
    endpointsInformer: h.informer<Endpoints>(GVR.endpoints),
    clock: h.clock,
  });
  await h.start();
  return ctrl;
}

async function converge(ctrl: EndpointsController) {
  for (let i = 0; i < 10; i++) {
    await h.settle();
    if (ctrl.queue.len() === 0) return;
    await drainQueue(ctrl.queue, (k) => ctrl.sync(k));
  }
}

const ep = (name: string) => h.client.peek<Endpoints>(GVR.endpoints, 'default', name);

describe('Endpoints controller', () => {
  it('lists ready pods in addresses and unready ones in notReadyAddresses, with targetRef, nodeName and the resolved port', async () => {
    const ctrl = await setup({
      services: [svc('web', {}, { tier: 'front' })],
      pods: [pod('web-b', 'web', '10.244.0.10', true), pod('web-a', 'web', '10.244.0.9', true), pod('web-c', 'web', '10.244.0.11', false), pod('other', 'db', '10.244.0.12', true)],
    });
    await converge(ctrl);
    const e = ep('web')!;
    expect(e.metadata.labels).toEqual({ tier: 'front' });
    const a = h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!;
    expect(e.subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.0.9', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid } },
          expect.objectContaining({ ip: '10.244.0.10' }),
        ],
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.0.11' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('follows pods becoming ready, losing their labels, terminating and going away', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', false), pod('web-b', 'web', '10.244.0.10', true)] });
    await converge(ctrl);
    expect(ep('web')!.subsets![0]!.notReadyAddresses).toHaveLength(1);

    const a = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!);
    a.status!.conditions = [{ type: 'Ready', status: 'True' }];
    await h.client.updateStatus(GVR.pods, 'default', a);
    await converge(ctrl);
    expect(ep('web')!.subsets![0]!.addresses!.map((x) => x.ip)).toEqual(['10.244.0.9', '10.244.0.10']);
    expect(ep('web')!.subsets![0]!.notReadyAddresses).toBeUndefined();

    // Relabelled out of the selector: dropped (the old labels' services are re-synced).
    const b = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-b')!);
    b.metadata.labels = { app: 'elsewhere' };
    await h.client.update(GVR.pods, 'default', b);
    await converge(ctrl);
    expect(ep('web')!.subsets![0]!.addresses!.map((x) => x.ip)).toEqual(['10.244.0.9']);

    // Terminating (a finalizer keeps it around with a deletionTimestamp): excluded at once.
    const a2 = structuredClone(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')!);
    a2.metadata.finalizers = ['test/hold'];
    await h.client.update(GVR.pods, 'default', a2);
    await h.client.delete(GVR.pods, 'default', 'web-a');
    await converge(ctrl);
    expect(h.client.peek<Pod>(GVR.pods, 'default', 'web-a')?.metadata.deletionTimestamp).toBeTruthy();
    expect(ep('web')!.subsets).toEqual([]);
  });

  it('resolves a named targetPort per pod and leaves out pods without that port', async () => {
    const s = svc('web', { ports: [{ port: 80, targetPort: 'web' }] });
    const other = pod('web-b', 'web', '10.244.0.10', true, { containers: [{ name: 'c', image: 'x', ports: [{ name: 'web', containerPort: 9090 }] }] });
    const none = pod('web-c', 'web', '10.244.0.11', true, { containers: [{ name: 'c', image: 'x' }] });
    const ctrl = await setup({ services: [s], pods: [pod('web-a', 'web', '10.244.0.9', true), other, none] });
    await converge(ctrl);
    const subsets = ep('web')!.subsets!;
    expect(subsets.map((x) => ({ ips: x.addresses!.map((a) => a.ip), ports: x.ports }))).toEqual([
      { ips: ['10.244.0.9'], ports: [{ port: 8080, protocol: 'TCP' }] },
      { ips: ['10.244.0.10'], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('skips pods without an IP and finished pods; writes nothing when already converged', async () => {
    const done = pod('web-done', 'web', '10.244.0.20', false);
    done.status!.phase = 'Succeeded';
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', undefined, false), done, pod('web-b', 'web', '10.244.0.10', true)] });
    await converge(ctrl);
    expect(ep('web')!.subsets![0]!.addresses!.map((x) => x.ip)).toEqual(['10.244.0.10']);
    h.client.clearActions();
    await ctrl.sync('default/web');
    expect(h.client.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch')).toEqual([]);
  });

  it('deletes the Endpoints when the Service goes, recreates them if deleted under a live Service, and leaves selector-less Endpoints alone', async () => {
    const manual: Endpoints = { metadata: { name: 'ext', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 5432 }] }] };
    const ctrl = await setup({
      services: [svc('web'), { metadata: { name: 'ext', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } }],
      pods: [pod('web-a', 'web', '10.244.0.9', true)],
      endpoints: [manual],
    });
    await converge(ctrl);
    expect(ep('ext')!.subsets).toEqual(manual.subsets);

    await h.client.delete(GVR.endpoints, 'default', 'web');
    await converge(ctrl);
    expect(ep('web')!.subsets![0]!.addresses).toHaveLength(1);

    await h.client.delete(GVR.services, 'default', 'web');
    await converge(ctrl);
    expect(ep('web')).toBeUndefined();
  });

  it('retries when the update conflicts (stale cache)', async () => {
    const ctrl = await setup({ services: [svc('web')], pods: [pod('web-a', 'web', '10.244.0.9', true)] });
    await converge(ctrl);
    const b = pod('web-b', 'web', '10.244.0.10', true);
    await h.client.create(GVR.pods, 'default', b);
    h.client.failNext('update', new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'Conflict', message: 'conflict' }), { resource: 'endpoints' });
    await h.settle();
    await expect(ctrl.sync('default/web')).rejects.toThrow(/conflict/);
    await ctrl.sync('default/web');
    expect(ep('web')!.subsets![0]!.addresses).toHaveLength(2);
  });
});

describe('endpoint helpers', () => {
  it('resolveTargetPort: missing targetPort means the service port; numeric strings are numbers; protocol must match', () => {
    const p = pod('a', 'x', '1.2.3.4', true, { containers: [{ name: 'c', image: 'i', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }] });
    expect(resolveTargetPort({ port: 80 }, p)).toBe(80);
    expect(resolveTargetPort({ port: 80, targetPort: '8081' }, p)).toBe(8081);
    expect(resolveTargetPort({ port: 53, targetPort: 'dns', protocol: 'UDP' }, p)).toBe(53);
    expect(resolveTargetPort({ port: 53, targetPort: 'dns' }, p)).toBeUndefined();
  });

  it('shouldPodBeInEndpoints follows restartPolicy for finished pods', () => {
    const failed = pod('a', 'x', '1.2.3.4', false, { restartPolicy: 'OnFailure' });
    failed.status!.phase = 'Failed';
    expect(shouldPodBeInEndpoints(failed)).toBe(true);
    failed.spec.restartPolicy = 'Never';
    expect(shouldPodBeInEndpoints(failed)).toBe(false);
  });

  it('publishNotReadyAddresses puts every pod in addresses; a service without ports still lists addresses', () => {
    const s = svc('web', { ports: [] });
    (s.spec as { publishNotReadyAddresses?: boolean }).publishNotReadyAddresses = true;
    const subsets = computeSubsets(s, [pod('a', 'web', '10.0.0.2', false)]);
    expect(subsets).toEqual([{ addresses: [expect.objectContaining({ ip: '10.0.0.2' })] }]);
  });
});
