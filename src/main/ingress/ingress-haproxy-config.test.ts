import { describe, expect, it } from 'vitest';
import type { Endpoints, Secret, Service } from '../../shared/api/core';
import type { Ingress } from '../../shared/api/networking';
import { CERT, KEY } from './testing/web-localhost-cert';
import { CRT_LIST, renderIngressConfig, tlsCertificate, type IngressInputs } from './ingress-haproxy-config';

const ingress: Ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    tls: [{ hosts: ['web.localhost'], secretName: 'web-tls' }, { hosts: ['b.localhost'], secretName: 'missing' }],
    rules: [
      {
        host: 'web.localhost',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'front', port: { name: 'http' } } } },
            { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
            { path: '/bad path', pathType: 'ImplementationSpecific', backend: { service: { name: 'api', port: { number: 8080 } } } },
          ],
        },
      },
    ],
  },
};

const services: Record<string, Service> = {
  front: { metadata: { name: 'front' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
  api: { metadata: { name: 'api' }, spec: { ports: [{ name: 'web', port: 8080 }] } },
};
const endpoints: Record<string, Endpoints> = {
  front: { metadata: { name: 'front' }, subsets: [{ addresses: [{ ip: '10.1.0.2', targetRef: { kind: 'Pod', name: 'front-a' } }], ports: [{ name: 'http', port: 8080 }] }] },
};

function inputs(secrets: Record<string, Secret>): IngressInputs {
  return {
    ingresses: [ingress],
    service: (_ns, n) => services[n],
    endpoints: (_ns, n) => endpoints[n],
    secret: (_ns, n) => secrets[n],
  };
}

describe('ingress HAProxy configuration', () => {
  it('routes by host and path to the ready endpoints of the Service port named by number or name, 503 without any, 404 otherwise', () => {
    const r = renderIngressConfig(inputs({}));
    expect(r.config).toContain('use_backend be_shop_api_8080 if { var(txn.host) -m str web.localhost } { path -m str /api } || { var(txn.host) -m str web.localhost } { path -m beg /api/ }');
    expect(r.config).toMatch(/backend be_shop_front_http\n.*\n {2}balance roundrobin\n {2}server front-a 10\.1\.0\.2:8080\n/);
    // api has no Endpoints: a backend without servers, which HAProxy answers with 503.
    expect(r.config).toMatch(/backend be_shop_api_8080\n {2}# shop\/api:8080: 0 ready endpoint\(s\)\n {2}balance roundrobin\n\n/);
    expect(r.config).toContain('default_backend be_default_404');
    expect(r.config).not.toContain('bad path');
    expect(r.warnings.get('shop/web')).toEqual(expect.arrayContaining([expect.stringContaining('"/bad path" is not served')]));
    // No usable certificate: no HTTPS frontend (HAProxy refuses an ssl bind without one).
    expect(r.config).not.toContain('frontend https');
    expect(r.warnings.get('shop/web')).toEqual(expect.arrayContaining(['TLS Secret shop/web-tls not found', 'TLS Secret shop/missing not found']));
  });

  it('refuses a Secret of another type or one that holds no PEM certificate and key (HAProxy would refuse the whole configuration)', () => {
    const bad: Secret = { metadata: { name: 'web-tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from('nope').toString('base64'), 'tls.key': '' } };
    expect(tlsCertificate(bad)).toMatchObject({ error: expect.stringContaining('does not hold a PEM certificate') });
    expect(tlsCertificate({ ...bad, type: 'Opaque' })).toEqual({ error: 'has type Opaque, not kubernetes.io/tls' });
  });

  it('serves a usable kubernetes.io/tls Secret for its hosts by SNI through a crt-list, on an HTTPS frontend', () => {
    const r = renderIngressConfig(inputs({ 'web-tls': { metadata: { name: 'web-tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from(CERT).toString('base64'), 'tls.key': Buffer.from(KEY).toString('base64') } } }));
    expect(r.files[CRT_LIST]).toBe('/usr/local/etc/haproxy/cert-shop_web-tls.pem web.localhost\n');
    expect(r.files['cert-shop_web-tls.pem']).toContain('BEGIN CERTIFICATE');
    expect(r.config).toContain('bind :443 ssl crt-list /usr/local/etc/haproxy/certs.list');
  });
});
