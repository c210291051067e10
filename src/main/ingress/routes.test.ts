import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../shared/api/networking';
import { buildRoutes, defaultBackendOf, matchRoute } from './routes';

function ing(name: string, created: string, spec: Ingress['spec']): Ingress {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default', creationTimestamp: created }, spec };
}
const svc = (name: string, port: number | string = 80) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });

const web = ing('web', '2026-01-01T00:00:00Z', {
  defaultBackend: svc('fallback'),
  rules: [
    {
      host: 'web.localhost',
      http: {
        paths: [
          { path: '/', pathType: 'Prefix', backend: svc('front') },
          { path: '/api', pathType: 'Prefix', backend: svc('api', 'http') },
          { path: '/api/exact', pathType: 'Exact', backend: svc('exact') },
          { path: '/docs/', pathType: 'Prefix', backend: svc('docs') },
        ],
      },
    },
    { host: '*.apps.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('wild') }] } },
    { http: { paths: [{ path: '/any', pathType: 'ImplementationSpecific', backend: svc('anyhost') }] } },
  ],
});

const to = (host: string, path: string) => matchRoute(buildRoutes([web]), host, path)?.backend.service;

describe('ingress routes', () => {
  it('Prefix matches whole path elements, the longest first, with or without a trailing slash in the rule', () => {
    expect(to('web.localhost', '/')).toBe('front');
    expect(to('web.localhost', '/api')).toBe('api');
    expect(to('web.localhost', '/api/')).toBe('api');
    expect(to('web.localhost', '/api/v1/users')).toBe('api');
    expect(to('web.localhost', '/apis')).toBe('front');
    expect(to('web.localhost', '/docs')).toBe('docs');
    expect(to('web.localhost', '/docs/x')).toBe('docs');
  });

  it('Exact matches only the very path, and wins over a shorter Prefix', () => {
    expect(to('web.localhost', '/api/exact')).toBe('exact');
    expect(to('web.localhost', '/api/exact/')).toBe('api');
    expect(to('web.localhost', '/api/exactly')).toBe('api');
  });

  it('a wildcard host matches one label only; rules without a host match any host; otherwise the default backend', () => {
    expect(to('shop.apps.localhost', '/x')).toBe('wild');
    expect(to('a.shop.apps.localhost', '/x')).toBeUndefined();
    expect(to('apps.localhost', '/x')).toBeUndefined();
    expect(to('other.localhost', '/any/thing')).toBe('anyhost');
    expect(to('other.localhost', '/')).toBeUndefined();
    expect(defaultBackendOf([web])).toEqual({ namespace: 'default', service: 'fallback', port: 80 });
  });

  it('the older Ingress wins a host and path two Ingresses claim, and gives the default backend', () => {
    const newer = ing('newer', '2026-01-02T00:00:00Z', { defaultBackend: svc('late'), rules: [{ host: 'web.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc('late') }] } }] });
    const routes = buildRoutes([newer, web]);
    expect(matchRoute(routes, 'web.localhost', '/')?.backend.service).toBe('front');
    expect(defaultBackendOf([newer, web])?.service).toBe('fallback');
  });
});
