import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../../../shared/api/discovery';
import { printerFor } from '../../table';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

const slice = (extra: Partial<EndpointSlice> = {}) => ({
  metadata: { name: 'web-abc' },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.1.0.2'], conditions: { ready: true } }],
  ports: [{ port: 80 }],
  ...extra,
});

describe('endpointslices strategy', () => {
  it('stores a slice with defaulted ports (name "", TCP) and generation 1, bumped by a change of endpoints only', async () => {
    const s = (await f.r('endpointslices').create('default', slice(), {})) as unknown as EndpointSlice;
    expect(s.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(s.metadata.generation).toBe(1);
    const labelled = (await f.r('endpointslices').update('default', 'web-abc', { ...s, metadata: { ...s.metadata, labels: { a: 'b' } } }, {})) as unknown as EndpointSlice;
    expect(labelled.metadata.generation).toBe(1);
    const moved = (await f.r('endpointslices').update('default', 'web-abc', { ...labelled, endpoints: [{ addresses: ['10.1.0.3'] }] }, {})) as unknown as EndpointSlice;
    expect(moved.metadata.generation).toBe(2);
  });

  it('refuses an unknown addressType, addresses not of the type, no addresses, and too many of them', async () => {
    const bad = async (body: object) => (await rejects(f.r('endpointslices').create('default', body, {}))).causes.map((c) => `${c.field}: ${c.message}`);
    expect(await bad(slice({ addressType: 'IP' as never }))).toEqual(['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']);
    expect(await bad(slice({ endpoints: [{ addresses: ['fe80::1'] }] }))).toEqual(['endpoints[0].addresses[0]: Invalid value: "fe80::1": must be a valid IPv4 address']);
    expect(await bad(slice({ endpoints: [{ addresses: [] }] }))).toEqual(['endpoints[0].addresses: Required value: must contain at least 1 address']);
    const many = Array.from({ length: 101 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    expect(await bad(slice({ endpoints: [{ addresses: many }] }))).toEqual(['endpoints[0].addresses: Too many: 101: must have at most 100 items']);
    expect((await bad(slice({ addressType: 'FQDN', endpoints: [{ addresses: ['Not_A_Name'] }] }))).join()).toMatch(/^endpoints\[0]\.addresses\[0]: Invalid value: "Not_A_Name"/);
  });

  it('refuses duplicate or invalid port names, bad protocols and port numbers; addressType is immutable', async () => {
    const e = await rejects(f.r('endpointslices').create('default', slice({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 0, protocol: 'HTTP' }, { name: 'Bad_Name', port: 8080 }] }), {}));
    expect(e.causes.map((c) => c.field)).toEqual(['ports[1].name', 'ports[1].protocol', 'ports[1].port', 'ports[2].name']);
    await f.r('endpointslices').create('default', slice(), {});
    const s = (await f.r('endpointslices').get('default', 'web-abc')) as unknown as EndpointSlice;
    const u = await rejects(f.r('endpointslices').update('default', 'web-abc', { ...s, addressType: 'IPv6', endpoints: [] }, {}));
    expect(u.causes[0]!.field).toBe('addressType');
  });

  it('prints NAME ADDRESSTYPE PORTS ENDPOINTS AGE as kubectl does', () => {
    const p = printerFor('endpointslices');
    expect(p.columns.map((c) => c.name)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    const now = new Date('2026-01-01T00:01:00Z');
    const obj = { metadata: { name: 's', creationTimestamp: '2026-01-01T00:00:00Z' }, addressType: 'IPv4', ports: [{ port: 80 }, { name: 'x' }, {}, { port: 9 }], endpoints: [{ addresses: ['1.1.1.1', '1.1.1.2'] }, { addresses: ['1.1.1.3', '1.1.1.4'] }] };
    expect(p.cells(obj as never, now)).toEqual(['s', 'IPv4', '80,x,* + 1 more...', '1.1.1.1,1.1.1.2,1.1.1.3 + 1 more...', '60s']);
    expect(p.cells({ metadata: { name: 'e' }, addressType: 'IPv4', endpoints: [] } as never, now).slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});
