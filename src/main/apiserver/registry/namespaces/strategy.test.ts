import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

describe('namespace strategy', () => {
  it('sets phase Active, the kubernetes finalizer and the metadata.name label', async () => {
    const ns = await f.r('namespaces').create(undefined, { metadata: { name: 'team-a' }, status: { phase: 'Terminating' } }, {});
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it('requires an RFC 1123 label name', async () => {
    const e = await rejects(f.r('namespaces').create(undefined, { metadata: { name: 'a.b' } }, {}));
    expect(e.causes[0]!.message).toMatch(/^Invalid value: "a\.b": a lowercase RFC 1123 label must consist of/);
  });

  it('refuses to delete default, kube-system and kube-public', async () => {
    const e = await rejects(f.r('namespaces').delete(undefined, 'kube-system', {}));
    expect(e.code).toBe(403);
    expect(e.status.message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
    expect((await f.r('namespaces').get(undefined, 'kube-system')).metadata.deletionTimestamp).toBeUndefined();
  });

  it('selects by status.phase', async () => {
    await f.r('namespaces').create(undefined, { metadata: { name: 'gone' } }, {});
    await f.r('namespaces').delete(undefined, 'gone', {});
    const t = await f.r('namespaces').list(undefined, { fieldSelector: 'status.phase=Terminating' });
    expect(t.items.map((n) => n.metadata.name)).toEqual(['gone']);
  });
});
