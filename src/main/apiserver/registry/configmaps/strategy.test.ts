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

describe('configmap strategy', () => {
  it('validates keys with the Kubernetes message and refuses keys in both data and binaryData', async () => {
    const e = await rejects(f.r('configmaps').create('default', { metadata: { name: 'c' }, data: { 'bad/key': 'x', k: 'v' }, binaryData: { k: 'eA==' } }, {}));
    expect(e.status.message).toBe(
      `ConfigMap "c" is invalid: [data[bad/key]: Invalid value: "bad/key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'), binaryData[k]: Invalid value: "k": duplicate of key present in data]`,
    );
  });

  it('freezes data once immutable, and the flag itself', async () => {
    await f.r('configmaps').create('default', { metadata: { name: 'c' }, data: { a: '1' }, immutable: true }, {});
    const e = await rejects(f.r('configmaps').patch('default', 'c', 'application/merge-patch+json', { data: { a: '2' }, immutable: false }, {}));
    expect(e.causes.map((c) => c.field)).toEqual(['immutable', 'data']);
  });

  it('does not bump generation (no spec)', async () => {
    await f.r('configmaps').create('default', { metadata: { name: 'c' }, data: { a: '1' } }, {});
    const u = await f.r('configmaps').patch('default', 'c', 'application/merge-patch+json', { data: { a: '2' } }, {});
    expect(u.metadata.generation).toBe(1);
  });
});
