import { describe, expect, it } from 'vitest';
import { hostUrl, ingressPortsOf, ingressRuleRows, type Ingress } from './networking';

describe('networking helpers', () => {
  it('lists one row per path with its backend and whether its host has TLS', () => {
    const ing: Ingress = {
      metadata: { name: 'web' },
      spec: {
        tls: [{ hosts: ['web.localhost'], secretName: 't' }],
        rules: [
          { host: 'web.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: '/api', pathType: 'Exact', backend: { service: { name: 'api', port: { name: 'http' } } } }] } },
          { http: { paths: [{ pathType: 'ImplementationSpecific', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'b' } } }] } },
        ],
      },
    };
    expect(ingressRuleRows(ing)).toEqual([
      { host: 'web.localhost', path: '/', pathType: 'Prefix', service: 'web', backend: 'web:80', tls: true },
      { host: 'web.localhost', path: '/api', pathType: 'Exact', service: 'api', backend: 'api:http', tls: true },
      { host: '', path: '/', pathType: 'ImplementationSpecific', backend: 'k8s.example.com/Bucket/b', tls: false },
    ]);
  });

  it('builds host URLs on the ingress ports, without the scheme’s own port, none for a wildcard', () => {
    expect(hostUrl('web.localhost', 80)).toBe('http://web.localhost/');
    expect(hostUrl('web.localhost', 8080, 'http', '/api')).toBe('http://web.localhost:8080/api');
    expect(hostUrl('web.localhost', 443, 'https')).toBe('https://web.localhost/');
    expect(hostUrl('', 8080)).toBe('http://localhost:8080/');
    expect(hostUrl('*.apps.localhost', 80)).toBeUndefined();
    expect(ingressPortsOf({ metadata: { annotations: { 'ingress.kubedeck.io/http-port': '8080', 'ingress.kubedeck.io/https-port': '8443' } } })).toEqual({ http: 8080, https: 8443 });
    expect(ingressPortsOf(undefined)).toBeUndefined();
  });
});
