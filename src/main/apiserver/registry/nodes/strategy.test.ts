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

describe('node strategy', () => {
  it('keeps node status on create and selects by spec.unschedulable', async () => {
    const n = await f.r('nodes').create(undefined, { metadata: { name: 'node-1' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, {});
    expect(n.status).toEqual({ conditions: [{ type: 'Ready', status: 'True' }] });
    await f.r('nodes').create(undefined, { metadata: { name: 'node-2' } }, {});
    const cordoned = await f.r('nodes').list(undefined, { fieldSelector: 'spec.unschedulable=true' });
    expect(cordoned.items.map((x) => x.metadata.name)).toEqual(['node-1']);
    const e = await rejects(f.r('nodes').patch(undefined, 'node-1', 'application/merge-patch+json', { spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }, {}));
    expect(e.causes[0]).toMatchObject({ field: 'spec.taints[0].effect', reason: 'FieldValueNotSupported' });
  });
});
