import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Service } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

const svc = (name: string, spec: object = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });

describe('service strategy', () => {
  it('defaults type, protocol, targetPort, sessionAffinity and allocates distinct cluster IPs', async () => {
    const [a, b] = (await Promise.all([f.r('services').create('default', svc('a'), {}), f.r('services').create('default', svc('b'), {})])) as Service[];
    expect(a!.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect(a!.spec!.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(a!.spec!.clusterIPs).toEqual([a!.spec!.clusterIP]);
    expect(b!.spec!.clusterIP).not.toBe(a!.spec!.clusterIP);
  });

  it('allocates node ports for NodePort services and keeps them on update', async () => {
    const s = (await f.r('services').create('default', svc('np', { type: 'NodePort' }), {})) as Service;
    const np = s.spec!.ports![0]!.nodePort!;
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
    // A replace that omits clusterIP and nodePort keeps the allocated ones.
    const put = (await f.r('services').update('default', 'np', svc('np', { type: 'NodePort' }), {})) as Service;
    expect(put.spec!.clusterIP).toBe(s.spec!.clusterIP);
    expect(put.spec!.ports![0]!.nodePort).toBe(np);
  });

  it('keeps clusterIP immutable', async () => {
    const s = (await f.r('services').create('default', svc('a'), {})) as Service;
    const e = await rejects(f.r('services').patch('default', 'a', 'application/merge-patch+json', { spec: { clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] } }, {}));
    expect(e.code).toBe(422);
    expect(e.status.message).toBe('Service "a" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.9.9"}: may not change once set');
    expect(((await f.r('services').get('default', 'a')) as Service).spec!.clusterIP).toBe(s.spec!.clusterIP);
  });

  it('validates ports and names (DNS-1035)', async () => {
    const e = await rejects(f.r('services').create('default', svc('1bad', { ports: [{ port: 0 }, { port: 81, nodePort: 30001 }] }), {}));
    const msgs = e.causes.map((c) => `${c.field}: ${c.message}`);
    expect(msgs[0]).toMatch(/^metadata\.name: Invalid value: "1bad": a DNS-1035 label must consist of/);
    expect(msgs).toContain('spec.ports[0].name: Required value');
    expect(msgs).toContain('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(msgs).toContain("spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    const none = await rejects(f.r('services').create('default', { metadata: { name: 'x' }, spec: {} }, {}));
    expect(none.causes).toContainEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports' });
  });

  it('allows headless services without ports', async () => {
    const s = (await f.r('services').create('default', { metadata: { name: 'h' }, spec: { clusterIP: 'None', selector: { app: 'h' } } }, {})) as Service;
    expect(s.spec!.clusterIP).toBe('None');
  });
});
