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

describe('endpoints strategy', () => {
  it('lets PUT create endpoints and validates addresses', async () => {
    const ep = await f.r('endpoints').update('default', 'web', { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.1.0.2' }], ports: [{ port: 80 }] }] }, {});
    expect((ep as unknown as { subsets: { ports: { protocol: string }[] }[] }).subsets[0]!.ports[0]!.protocol).toBe('TCP');
    const e = await rejects(f.r('endpoints').create('default', { metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: 'nope' }] }] }, {}));
    expect(e.causes[0]!.field).toBe('subsets[0].addresses[0].ip');
  });
});
