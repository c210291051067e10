import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { deliveryRecord, serveObserve, type ObserveDeps } from './routes';
import { RevisionRing } from './revision-ring';
import type { TimelineSource } from './timeline-source';

/** response captures what serveObserve writes. */
function response() {
  const out = { code: 0, body: '' };
  const res = {
    headersSent: false,
    writeHead(code: number) {
      out.code = code;
      return res;
    },
    setHeader() {},
    end(body?: string | Buffer) {
      out.body = String(body ?? '');
    },
  } as unknown as ServerResponse;
  return { res, out };
}

describe('observe routes', () => {
  const ring = new RevisionRing(10, () => 0);
  ring.committed(3, { key: '/registry/apps/deployments/default/web', type: 'create', at: 100, writer: 'kubectl' });
  ring.delivered(3, 'kube-controller-manager', 101.5);
  ring.committed(4, { key: '/registry/core/nodes/n1', type: 'update', at: 200, writer: 'kubelet/n1' });
  const deps: ObserveDeps = { ring, timelines: { timeline: () => Promise.reject(new Error('unused')) } as unknown as TimelineSource };

  it('names the object of a revision from its store key, cluster-scoped or not', () => {
    expect(deliveryRecord(ring.get(3)!)).toEqual({
      revision: 3,
      group: 'apps',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      type: 'create',
      writer: 'kubectl',
      committedAt: 100,
      deliveries: [{ watcher: 'kube-controller-manager', latencyMs: 1.5 }],
    });
    expect(deliveryRecord(ring.get(4)!)).toMatchObject({ group: '', resource: 'nodes', name: 'n1' });
    expect(deliveryRecord(ring.get(4)!).namespace).toBeUndefined();
  });

  it('serves the ring after a revision, and refuses bad parameters', async () => {
    const { res, out } = response();
    await serveObserve(deps, '/kubedeck/v1/watchdeliveries', new URL('http://x/kubedeck/v1/watchdeliveries?since=3'), res);
    expect(out.code).toBe(200);
    const body = JSON.parse(out.body) as { kind: string; oldest: number; items: { revision: number }[] };
    expect(body).toMatchObject({ kind: 'WatchDeliveryList', apiVersion: 'kubedeck.io/v1', oldest: 3 });
    expect(body.items.map((i) => i.revision)).toEqual([4]);
    await expect(serveObserve(deps, '/kubedeck/v1/watchdeliveries', new URL('http://x/?since=-1'), response().res)).rejects.toMatchObject({ code: 400 });
    await expect(serveObserve(deps, '/kubedeck/v1/timeline', new URL('http://x/?resource=pods'), response().res)).rejects.toMatchObject({ code: 400 });
    await expect(serveObserve(deps, '/kubedeck/v1/other', new URL('http://x/'), response().res)).rejects.toMatchObject({ code: 404 });
  });
});
