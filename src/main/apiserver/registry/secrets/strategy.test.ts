import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Secret } from '../../../../shared/api/core';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

describe('secret strategy', () => {
  it('folds stringData into base64 data and defaults type Opaque', async () => {
    const s = (await f.r('secrets').create('default', { metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'hello' } }, {})) as Secret;
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ a: 'YQ==', b: 'aGVsbG8=' });
    expect(s.stringData).toBeUndefined();
  });

  it('refuses bad keys, bad base64 and missing type-specific keys', async () => {
    const e = await rejects(f.r('secrets').create('default', { metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'bad key': 'YQ==', x: '%%%' } }, {}));
    const fields = e.causes.map((c) => c.field);
    expect(fields).toEqual(['data[bad key]', 'data[x]', 'data[tls.crt]', 'data[tls.key]']);
  });

  it('keeps type and immutable data unchangeable', async () => {
    await f.r('secrets').create('default', { metadata: { name: 's' }, data: { a: 'YQ==' }, immutable: true }, {});
    const t = await rejects(f.r('secrets').patch('default', 's', 'application/merge-patch+json', { type: 'other' }, {}));
    expect(t.causes[0]).toMatchObject({ field: 'type', message: 'Invalid value: "other": field is immutable' });
    const d = await rejects(f.r('secrets').patch('default', 's', 'application/merge-patch+json', { data: { a: 'Yg==' } }, {}));
    expect(d.causes[0]).toMatchObject({ field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' });
    // Metadata may still change.
    const l = await f.r('secrets').patch('default', 's', 'application/merge-patch+json', { metadata: { labels: { a: 'b' } } }, {});
    expect(l.metadata.labels).toEqual({ a: 'b' });
  });
});
