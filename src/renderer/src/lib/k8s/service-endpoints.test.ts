import { describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from '../../../../shared/api/core';
import { serviceEndpointRows } from './service-endpoints';

const svc: Service = { metadata: { name: 'web', namespace: 'ns' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as Service;
const ref = (name: string) => ({ kind: 'Pod', name, namespace: 'ns' });
const ep: Endpoints = {
  metadata: { name: 'web', namespace: 'ns' },
  subsets: [{ addresses: [{ ip: '10.0.0.2', targetRef: ref('b') }, { ip: '10.0.0.1', targetRef: ref('a'), nodeName: 'n1' }], notReadyAddresses: [{ ip: '10.0.0.3', targetRef: ref('c') }], ports: [{ port: 8080, protocol: 'TCP' }] }],
} as Endpoints;
const pod = (name: string, labels: Record<string, string>, deleting: boolean, ns = 'ns'): Pod =>
  ({ metadata: { name, namespace: ns, labels, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) }, spec: { nodeName: 'n1', containers: [] }, status: { podIP: '10.0.0.9' } }) as Pod;

describe('serviceEndpointRows', () => {
  it('lists ready, not ready, then the selected terminating pods', () => {
    const rows = serviceEndpointRows(svc, ep, [pod('d', { app: 'web' }, true), pod('e', { app: 'other' }, true), pod('f', { app: 'web' }, false), pod('g', { app: 'web' }, true, 'other-ns')]);
    expect(rows.map((r) => [r.pod, r.state])).toEqual([
      ['a', 'ready'],
      ['b', 'ready'],
      ['c', 'not ready'],
      ['d', 'terminating'],
    ]);
    expect(rows[0]).toEqual({ ip: '10.0.0.1', pod: 'a', node: 'n1', ports: '8080/TCP', state: 'ready' });
  });
  it('a terminating pod still in the Endpoints keeps its Endpoints state', () => {
    expect(serviceEndpointRows(svc, ep, [pod('c', { app: 'web' }, true)]).filter((r) => r.pod === 'c').map((r) => r.state)).toEqual(['not ready']);
  });
  it('no Endpoints object yet: only terminating pods, if any', () => {
    expect(serviceEndpointRows(svc, undefined, [])).toEqual([]);
  });
});
