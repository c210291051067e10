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

describe('event strategy', () => {
  it('accepts event names with dots and selects events by involvedObject', async () => {
    await f.r('events').create('default', { metadata: { name: 'web-1.17f0a' }, involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default' }, reason: 'Scheduled', type: 'Normal' }, {});
    await f.r('events').create('default', { metadata: { name: 'other.1' }, involvedObject: { kind: 'Pod', name: 'other' }, reason: 'Pulled', type: 'Normal' }, {});
    const l = await f.r('events').list('default', { fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=web-1' });
    expect(l.items.map((e) => e.metadata.name)).toEqual(['web-1.17f0a']);
    const bad = await rejects(f.r('events').create('default', { metadata: { name: 'x' }, involvedObject: {}, type: 'Loud' }, {}));
    expect(bad.causes[0]).toMatchObject({ reason: 'FieldValueNotSupported', field: 'type' });
  });
});
