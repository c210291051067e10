import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/api/meta';
import { createRegistry } from './index';
import { rejects } from './testing/expect-error';
import { newFixture, pod, type Fixture } from './testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

describe('GenericResource CRUD', () => {
  it('bootstraps the built-in namespaces', async () => {
    const list = await f.r('namespaces').list(undefined, {});
    expect(list.items.map((n) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(list.kind).toBe('NamespaceList');
  });

  it('bootstraps idempotently over an existing store', async () => {
    const again = createRegistry(f.store, { clock: () => f.clock.now });
    await again.ready();
    const list = await again.lookup('', 'v1', 'namespaces')!.list(undefined, {});
    expect(list.items).toHaveLength(4);
  });

  it('validates ownerReferences', async () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true };
    const e = await rejects(
      f.r('configmaps').create('default', { metadata: { name: 'c', ownerReferences: [ref, { ...ref, name: 'rs2', uid: '' }] } }, {}),
    );
    expect(e.causes.map((c) => c.field)).toEqual(['metadata.ownerReferences.uid', 'metadata.ownerReferences']);
    const ok = await f.r('configmaps').create('default', { metadata: { name: 'c', ownerReferences: [ref] } }, {});
    expect(ok.metadata.ownerReferences).toEqual([ref]);
  });

  it('deletes a collection by selector', async () => {
    await f.r('configmaps').create('default', { metadata: { name: 'a', labels: { x: '1' } } }, {});
    await f.r('configmaps').create('default', { metadata: { name: 'b', labels: { x: '2' } } }, {});
    await f.r('configmaps').create('default', { metadata: { name: 'c', labels: { x: '1' } } }, {});
    const gone = await f.r('configmaps').deleteCollection('default', { labelSelector: 'x=1' }, {});
    expect(gone.items.map((o) => o.metadata.name)).toEqual(['a', 'c']);
    expect((await f.r('configmaps').list('default', {})).items.map((o) => o.metadata.name)).toEqual(['b']);
  });

  it('creates on PUT only for kinds that allow it', async () => {
    const e = await rejects(f.r('configmaps').update('default', 'nope', { metadata: { name: 'nope' } }, {}));
    expect(e.code).toBe(404);
    const ep = await f.r('endpoints').update('default', 'svc', { metadata: { name: 'svc' } }, {});
    expect(ep.metadata.uid).toBeDefined();
  });

  it('creates with uid, creationTimestamp, generation and resourceVersion = store revision', async () => {
    const created = await f.r('pods').create('default', pod('a'), {});
    expect(created.kind).toBe('Pod');
    expect(created.apiVersion).toBe('v1');
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toBe(String(await f.store.currentRevision()));
    const got = await f.r('pods').get('default', 'a');
    expect(got).toEqual(created);
  });

  it('refuses duplicates with 409 AlreadyExists and missing objects with 404', async () => {
    await f.r('pods').create('default', pod('a'), {});
    const dup = await rejects(f.r('pods').create('default', pod('a'), {}));
    expect(dup.code).toBe(409);
    expect(dup.status.message).toBe('pods "a" already exists');
    const nf = await rejects(f.r('deployments').get('default', 'nope'));
    expect(nf.code).toBe(404);
    expect(nf.status.message).toBe('deployments.apps "nope" not found');
    expect(nf.status.details).toEqual({ name: 'nope', group: 'apps', kind: 'deployments' });
  });

  it('refuses creates into a missing namespace (404) and a terminating one (403)', async () => {
    const e = await rejects(f.r('pods').create('nope', pod('a'), {}));
    expect(e.code).toBe(404);
    expect(e.status.message).toBe('namespaces "nope" not found');
    await f.r('namespaces').create(undefined, { metadata: { name: 'doomed' } }, {});
    await f.r('namespaces').delete(undefined, 'doomed', {});
    const t = await rejects(f.r('pods').create('doomed', pod('a'), {}));
    expect(t.code).toBe(403);
    expect(t.status.message).toBe('pods "a" is forbidden: unable to create new content in namespace doomed because it is being terminated');
  });

  it('generates names from generateName', async () => {
    const p = pod('');
    p.metadata = { generateName: 'web-' };
    const a = await f.r('pods').create('default', p, {});
    const b = await f.r('pods').create('default', p, {});
    expect(a.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(b.metadata.name).not.toBe(a.metadata.name);
  });

  it('detects stale resourceVersion with the exact conflict message; PUT without RV is unconditional', async () => {
    const cm = await f.r('configmaps').create('default', { metadata: { name: 'c' }, data: { a: '1' } }, {});
    const v2 = await f.r('configmaps').update('default', 'c', { ...cm, data: { a: '2' } }, {});
    expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(Number(cm.metadata.resourceVersion));
    const e = await rejects(f.r('configmaps').update('default', 'c', { ...cm, data: { a: '3' } }, {}));
    expect(e.code).toBe(409);
    expect(e.reason).toBe('Conflict');
    expect(e.status.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
    const { resourceVersion: _rv, ...meta } = cm.metadata;
    const v3 = await f.r('configmaps').update('default', 'c', { ...cm, metadata: meta, data: { a: '3' } }, {});
    expect((v3 as KubeObject & { data: Record<string, string> }).data.a).toBe('3');
  });

  it('bumps generation on spec changes only, not on metadata or status', async () => {
    const d = await f.r('replicasets').create('default', rs('r'), {});
    expect(d.metadata.generation).toBe(1);
    const labelled = await f.r('replicasets').patch('default', 'r', 'application/merge-patch+json', { metadata: { labels: { x: 'y' } } }, {});
    expect(labelled.metadata.generation).toBe(1);
    const st = await f.r('replicasets').update('default', 'r', { ...labelled, status: { replicas: 2 } }, { subresource: 'status' });
    expect(st.metadata.generation).toBe(1);
    expect((st.status as { replicas: number }).replicas).toBe(2);
    const scaled = await f.r('replicasets').patch('default', 'r', 'application/merge-patch+json', { spec: { replicas: 5 } }, {});
    expect(scaled.metadata.generation).toBe(2);
  });

  it('splits status from spec: main PUT ignores status, /status PUT ignores spec', async () => {
    const d = await f.r('replicasets').create('default', { ...rs('r'), status: { replicas: 9 } }, {});
    expect(d.status).toBeUndefined();
    const put = await f.r('replicasets').update('default', 'r', { ...d, status: { replicas: 4 } }, {});
    expect(put.status).toBeUndefined();
    const st = await f.r('replicasets').update('default', 'r', { ...put, spec: { ...(put.spec as object), replicas: 7 }, status: { replicas: 4 } }, { subresource: 'status' });
    expect((st.spec as { replicas: number }).replicas).toBe(1);
    expect((st.status as { replicas: number }).replicas).toBe(4);
  });

  it('serves the scale subresource', async () => {
    await f.r('deployments').create('default', deploy('web'), {});
    const scale = await f.r('deployments').getSubresource('default', 'web', 'scale');
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=web' } });
    const patched = await f.r('deployments').patch('default', 'web', 'application/merge-patch+json', { spec: { replicas: 3 } }, { subresource: 'scale' });
    expect(patched.spec).toEqual({ replicas: 3 });
    const d = await f.r('deployments').get('default', 'web');
    expect((d.spec as { replicas: number }).replicas).toBe(3);
    expect(d.metadata.generation).toBe(2);
    const put = await f.r('deployments').update('default', 'web', { ...scale, spec: { replicas: 2 } }, { subresource: 'scale' }).catch((e: unknown) => e);
    expect((put as ApiError).code).toBe(409);
  });

  it('keeps an object with finalizers until the update that empties them deletes it', async () => {
    await f.r('configmaps').create('default', { metadata: { name: 'c', finalizers: ['example.com/x'] } }, {});
    const del = await f.r('configmaps').delete('default', 'c', {});
    expect((del as KubeObject).metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect((del as KubeObject).metadata.deletionGracePeriodSeconds).toBe(0);
    const still = await f.r('configmaps').get('default', 'c');
    const noNew = await rejects(f.r('configmaps').patch('default', 'c', 'application/merge-patch+json', { metadata: { finalizers: ['example.com/x', 'b'] } }, {}));
    expect(noNew.code).toBe(422);
    await f.r('configmaps').update('default', 'c', { ...still, metadata: { ...still.metadata, finalizers: [] } }, {});
    expect((await rejects(f.r('configmaps').get('default', 'c'))).code).toBe(404);
  });

  it('adds orphan / foregroundDeletion finalizers for the propagation policy', async () => {
    await f.r('replicasets').create('default', rs('o'), {});
    const o = (await f.r('replicasets').delete('default', 'o', { propagationPolicy: 'Orphan' })) as KubeObject;
    expect(o.metadata.finalizers).toEqual(['orphan']);
    await f.r('replicasets').create('default', rs('g'), {});
    const g = (await f.r('replicasets').delete('default', 'g', { propagationPolicy: 'Foreground' })) as KubeObject;
    expect(g.metadata.finalizers).toEqual(['foregroundDeletion']);
    await f.r('replicasets').create('default', rs('b'), {});
    const b = await f.r('replicasets').delete('default', 'b', { propagationPolicy: 'Background' });
    expect(b).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'b', group: 'apps', kind: 'replicasets' } });
  });

  it('checks delete preconditions', async () => {
    const c = await f.r('configmaps').create('default', { metadata: { name: 'c' } }, {});
    const e = await rejects(f.r('configmaps').delete('default', 'c', { preconditions: { uid: 'other' } }));
    expect(e.code).toBe(409);
    expect(e.status.message).toBe(`Operation cannot be fulfilled on configmaps "c": Precondition failed: UID in precondition: other, UID in object meta: ${c.metadata.uid}`);
  });

  it('deletes pods gracefully when bound, at once when unscheduled or with gracePeriodSeconds=0', async () => {
    await f.r('pods').create('default', pod('unbound'), {});
    expect(await f.r('pods').delete('default', 'unbound', {})).toMatchObject({ kind: 'Status', status: 'Success' });

    await f.r('pods').create('default', pod('bound'), {});
    await f.r('pods').createSubresource('default', 'bound', 'binding', { target: { kind: 'Node', name: 'n1' } }, {});
    const d = (await f.r('pods').delete('default', 'bound', {})) as KubeObject;
    expect(d.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    expect(d.metadata.deletionGracePeriodSeconds).toBe(30);
    // The kubelet's status updates do not finish it…
    const cur = await f.r('pods').get('default', 'bound');
    await f.r('pods').update('default', 'bound', { ...cur, status: { phase: 'Running' } }, { subresource: 'status' });
    expect((await f.r('pods').get('default', 'bound')).metadata.deletionTimestamp).toBeDefined();
    // …its delete with gracePeriodSeconds=0 does.
    await f.r('pods').delete('default', 'bound', { gracePeriodSeconds: 0 });
    expect((await rejects(f.r('pods').get('default', 'bound'))).code).toBe(404);
  });

  it('stores nothing under dryRun (create, update, delete)', async () => {
    const before = await f.store.currentRevision();
    const c = await f.r('pods').create('default', pod('dry'), { dryRun: true });
    expect(c.metadata.uid).toBeDefined();
    expect((c.spec as { restartPolicy: string }).restartPolicy).toBe('Always');
    expect(await f.store.currentRevision()).toBe(before);
    expect((await rejects(f.r('pods').get('default', 'dry'))).code).toBe(404);

    const cm = await f.r('configmaps').create('default', { metadata: { name: 'c' }, data: { a: '1' } }, {});
    const rev = await f.store.currentRevision();
    const u = await f.r('configmaps').update('default', 'c', { ...cm, data: { a: '2' } }, { dryRun: true });
    expect((u as KubeObject & { data: Record<string, string> }).data.a).toBe('2');
    await f.r('configmaps').delete('default', 'c', { dryRun: true });
    expect(await f.store.currentRevision()).toBe(rev);
    expect(((await f.r('configmaps').get('default', 'c')) as KubeObject & { data: Record<string, string> }).data.a).toBe('1');
  });

  it('handles fieldValidation Strict / Warn / Ignore with the field path', async () => {
    const bad = pod('s');
    (bad.spec as { containers: Record<string, unknown>[] }).containers[0]!.imagePullPolcy = 'Always';
    const e = await rejects(f.r('pods').create('default', bad, { fieldValidation: 'Strict' }));
    expect(e.code).toBe(400);
    expect(e.status.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"');
    expect((await rejects(f.r('pods').get('default', 's'))).code).toBe(404);

    const warnings: string[] = [];
    const w = await f.r('pods').create('default', bad, { fieldValidation: 'Warn', warnings });
    expect(warnings).toEqual(['unknown field "spec.containers[0].imagePullPolcy"']);
    expect((w.spec as { containers: Record<string, unknown>[] }).containers[0]!.imagePullPolcy).toBeUndefined();

    const quiet: string[] = [];
    await f.r('pods').create('default', { ...bad, metadata: { name: 'i' } }, { fieldValidation: 'Ignore', warnings: quiet });
    expect(quiet).toEqual([]);
  });

  it('refuses scalars where objects belong with 400, and accepts null as unset', async () => {
    const bad = pod('t');
    (bad.spec as { containers: Record<string, unknown>[] }).containers[0]!.ports = 'eighty';
    const e = await rejects(f.r('pods').create('default', bad, {}));
    expect(e.code).toBe(400);
    expect(e.status.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Pod.spec.containers.ports of type array');
    const img = await rejects(f.r('pods').create('default', { ...pod('t'), spec: { containers: [{ name: 'a', image: 3 }] } }, {}));
    expect(img.status.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Pod.spec.containers.image of type string');
    const nulls = pod('n');
    nulls.metadata = { name: 'n', creationTimestamp: null as unknown as string, labels: null as unknown as Record<string, string> };
    (nulls.spec as Record<string, unknown>).affinity = null;
    const ok = await f.r('pods').create('default', nulls, { fieldValidation: 'Strict' });
    expect(ok.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
  });

  it('binds a pod once; a second binding is 409', async () => {
    await f.r('pods').create('default', pod('p'), {});
    const ok = await f.r('pods').createSubresource('default', 'p', 'binding', { metadata: { name: 'p', annotations: { why: 'best fit' } }, target: { kind: 'Node', name: 'n1' } }, {});
    expect(ok).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const p = await f.r('pods').get('default', 'p');
    expect((p.spec as { nodeName: string }).nodeName).toBe('n1');
    expect(p.metadata.annotations).toEqual({ why: 'best fit' });
    expect(p.metadata.generation).toBe(1);
    expect((p.status as { conditions: { type: string; status: string }[] }).conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }));
    const e = await rejects(f.r('pods').createSubresource('default', 'p', 'binding', { target: { kind: 'Node', name: 'n2' } }, {}));
    expect(e.code).toBe(409);
    expect(e.status.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"');
  });

  it('completes namespace deletion through the finalize subresource', async () => {
    await f.r('namespaces').create(undefined, { metadata: { name: 'tmp' } }, {});
    const d = (await f.r('namespaces').delete(undefined, 'tmp', {})) as KubeObject;
    expect(d.status).toEqual({ phase: 'Terminating' });
    expect(d.metadata.deletionTimestamp).toBeDefined();
    // A plain update cannot drop spec.finalizers…
    const upd = await f.r('namespaces').update(undefined, 'tmp', { ...d, spec: { finalizers: [] } }, {});
    expect(upd.spec).toEqual({ finalizers: ['kubernetes'] });
    // …the finalize subresource can, and that completes the deletion.
    await f.r('namespaces').update(undefined, 'tmp', { ...d, spec: { finalizers: [] } }, { subresource: 'finalize' });
    expect((await rejects(f.r('namespaces').get(undefined, 'tmp'))).code).toBe(404);
  });

  it('patches with the three patch types', async () => {
    await f.r('deployments').create('default', deploy('web'), {});
    const smp = await f.r('deployments').patch('default', 'web', 'application/strategic-merge-patch+json', { spec: { template: { spec: { containers: [{ name: 'app', image: 'busybox:2' }] } } } }, {});
    const cs = (smp.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers;
    expect(cs).toHaveLength(1);
    expect(cs[0]!.image).toBe('busybox:2');
    const jp = await f.r('deployments').patch('default', 'web', 'application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: 4 }], {});
    expect((jp.spec as { replicas: number }).replicas).toBe(4);
    const mp = await f.r('deployments').patch('default', 'web', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } }, {});
    expect(mp.metadata.labels).toEqual({ a: 'b' });
  });
});

function rs(name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } } },
  };
}

function deploy(name: string): KubeObject {
  return { ...rs(name), kind: 'Deployment' };
}
