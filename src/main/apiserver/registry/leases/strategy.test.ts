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

describe('lease strategy', () => {
  it('lets PUT create a lease, keeps generation still on renewals, validates the duration', async () => {
    const l = await f.r('leases').update('kube-node-lease', 'node-1', { metadata: { name: 'node-1' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }, {});
    expect(l.kind).toBe('Lease');
    expect(l.apiVersion).toBe('coordination.k8s.io/v1');
    const r = await f.r('leases').update('kube-node-lease', 'node-1', { ...l, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:10.000000Z' } }, {});
    expect(r.metadata.generation).toBe(1);
    const e = await rejects(f.r('leases').create('default', { metadata: { name: 'x' }, spec: { leaseDurationSeconds: 0 } }, {}));
    expect(e.causes[0]).toMatchObject({ field: 'spec.leaseDurationSeconds', message: 'Invalid value: 0: must be greater than 0' });
  });
});
