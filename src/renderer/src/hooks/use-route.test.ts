import { describe, expect, it } from 'vitest';
import { parseRoute } from './use-route';
import { objectHref, objectLabel } from '../lib/kinds/registry';

describe('parseRoute', () => {
  it('reads lists and objects of every kind, cluster-scoped ones without a namespace', () => {
    expect(parseRoute('#/deployments')).toEqual({ view: 'list', resource: 'deployments' });
    expect(parseRoute('#/deployments/default/web')).toEqual({ view: 'object', resource: 'deployments', namespace: 'default', name: 'web' });
    expect(parseRoute('#/nodes/kd-1')).toEqual({ view: 'object', resource: 'nodes', name: 'kd-1' });
    expect(parseRoute('#/nodes')).toEqual({ view: 'nodes' });
    expect(parseRoute('#/pods/default/web-1')).toMatchObject({ view: 'pod', namespace: 'default', name: 'web-1' });
    expect(parseRoute('')).toEqual({ view: 'overview' });
  });
  it('says when a route is unknown', () => {
    expect(parseRoute('#/no-such-page')).toEqual({ view: 'not-found', path: '/no-such-page' });
    expect(parseRoute('#/deployments/only-namespace')).toMatchObject({ view: 'not-found' });
    expect(parseRoute('#/nodes/a/b')).toMatchObject({ view: 'not-found' });
  });
  it('links round-trip and use kubectl names', () => {
    expect(parseRoute(objectHref('ReplicaSet', 'ns', 'web-1')!)).toEqual({ view: 'object', resource: 'replicasets', namespace: 'ns', name: 'web-1' });
    expect(objectHref('Widget', 'ns', 'x')).toBeUndefined();
    expect(objectLabel('Deployment', 'web')).toBe('deployment.apps/web');
  });
});
