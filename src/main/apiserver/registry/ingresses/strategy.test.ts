import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/api/meta';
import type { Ingress } from '../../../../shared/api/networking';
import { ingressPrinter } from '../../table/networking';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

const backend = { service: { name: 'web', port: { number: 80 } } };

function ingress(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec };
}

function kubedeckClass(name = 'kubedeck', isDefault = true): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
    spec: { controller: 'kubedeck.io/ingress-haproxy' },
  };
}

describe('ingress strategy', () => {
  it('gives an Ingress without a class the default IngressClass, and leaves a named class or the legacy annotation alone', async () => {
    const before = (await f.r('ingresses').create('default', ingress('early', { defaultBackend: backend }), {})) as Ingress;
    expect(before.spec?.ingressClassName).toBeUndefined();
    await f.r('ingressclasses').create(undefined, kubedeckClass(), {});
    await f.r('ingressclasses').create(undefined, kubedeckClass('other', false), {});
    const a = (await f.r('ingresses').create('default', ingress('a', { defaultBackend: backend }), {})) as Ingress;
    expect(a.spec?.ingressClassName).toBe('kubedeck');
    const b = (await f.r('ingresses').create('default', ingress('b', { ingressClassName: 'other', defaultBackend: backend }), {})) as Ingress;
    expect(b.spec?.ingressClassName).toBe('other');
    const legacy = ingress('c', { defaultBackend: backend });
    legacy.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
    expect(((await f.r('ingresses').create('default', legacy, {})) as Ingress).spec?.ingressClassName).toBeUndefined();
  });

  it('refuses a missing pathType, an unknown one, a relative Exact path, a backend without port and an empty spec, with Kubernetes messages', async () => {
    const rule = (path: Record<string, unknown>) => ({ rules: [{ host: 'web.localhost', http: { paths: [path] } }] });
    const noType = await rejects(f.r('ingresses').create('default', ingress('x', rule({ path: '/', backend })), {}));
    expect(noType.status.message).toBe('Ingress.networking.k8s.io "x" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified');
    const badType = await rejects(f.r('ingresses').create('default', ingress('x', rule({ path: '/', pathType: 'Regex', backend })), {}));
    expect(badType.status.message).toContain('spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"');
    const relative = await rejects(f.r('ingresses').create('default', ingress('x', rule({ path: 'api', pathType: 'Exact', backend })), {}));
    expect(relative.status.message).toContain('spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path');
    const noPort = await rejects(f.r('ingresses').create('default', ingress('x', rule({ path: '/', pathType: 'Prefix', backend: { service: { name: 'web' } } })), {}));
    expect(noPort.status.message).toContain('spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required');
    const empty = await rejects(f.r('ingresses').create('default', ingress('x', {}), {}));
    expect(empty.status.message).toContain('either `defaultBackend` or `rules` must be specified');
    const ipHost = await rejects(f.r('ingresses').create('default', ingress('x', { rules: [{ host: '10.0.0.1', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] }), {}));
    expect(ipHost.status.message).toContain('spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address');
    await f.r('ingresses').create('default', ingress('ok', { rules: [{ host: '*.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] }), {});
  });

  it('prints NAME CLASS HOSTS ADDRESS PORTS AGE as kubectl does', () => {
    const ing = {
      ...ingress('web', { ingressClassName: 'kubedeck', tls: [{ hosts: ['web.localhost'] }], rules: ['a', 'b', 'c', 'd'].map((h) => ({ host: `${h}.localhost` })) }),
      status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
    } as Ingress;
    ing.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    expect(ingressPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(ingressPrinter.cells(ing, new Date('2026-01-01T00:05:00Z'))).toEqual(['web', 'kubedeck', 'a.localhost,b.localhost,c.localhost + 1 more...', '127.0.0.1', '80, 443', '5m']);
  });
});
