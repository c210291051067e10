import { describe, expect, it } from 'vitest';
import { findResource } from '../../../shared/api/resources';
import { componentContext } from './context';
import { auditEvent, type MutationRecord } from './event';
import { encodeWithin } from './log-writer';

const info = findResource('', 'v1', 'configmaps')!;
const rec = (extra: Partial<MutationRecord> = {}): MutationRecord => ({
  info,
  verb: 'create',
  namespace: 'default',
  request: { metadata: { name: 'c' }, data: { a: '1' } },
  response: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', uid: 'u1', resourceVersion: '42' }, data: { a: '1' } },
  ctx: componentContext('replicaset-controller'),
  started: Date.parse('2026-01-01T00:00:00.000Z'),
  finished: Date.parse('2026-01-01T00:00:00.005Z'),
  ...extra,
});

describe('audit events', () => {
  it('records who, what, the resulting resourceVersion and both timestamps at Metadata', () => {
    const ev = auditEvent(rec(), 'Metadata');
    expect(ev).toMatchObject({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Event',
      stage: 'ResponseComplete',
      verb: 'create',
      requestURI: '/api/v1/namespaces/default/configmaps',
      user: { username: 'replicaset-controller' },
      objectRef: { resource: 'configmaps', namespace: 'default', name: 'c', uid: 'u1', apiVersion: 'v1', resourceVersion: '42' },
      responseStatus: { code: 201 },
      requestReceivedTimestamp: '2026-01-01T00:00:00.000Z',
      stageTimestamp: '2026-01-01T00:00:00.005Z',
    });
    expect(ev.requestObject).toBeUndefined();
    expect(ev.responseObject).toBeUndefined();
  });

  it('carries the bodies at RequestResponse, never for Secrets, and failures with their status', () => {
    expect(auditEvent(rec(), 'RequestResponse')).toMatchObject({ requestObject: { data: { a: '1' } }, responseObject: { data: { a: '1' } } });
    const secret = auditEvent(rec({ info: findResource('', 'v1', 'secrets')! }), 'RequestResponse');
    expect(secret.level).toBe('Metadata');
    expect(secret.requestObject).toBeUndefined();
    const failed = auditEvent(rec({ response: undefined, error: { code: 409, status: undefined, message: 'exists' } }), 'Metadata');
    expect(failed.responseStatus).toMatchObject({ code: 409, status: 'Failure', message: 'exists' });
  });

  it('drops the bodies of an event too large for the file bound, and says so', () => {
    const big = auditEvent(rec({ request: { data: { a: 'x'.repeat(5000) } } }), 'RequestResponse');
    const line = encodeWithin(big, 3000)!;
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(3000);
    const parsed = JSON.parse(line) as { level: string; requestObject?: unknown; annotations: Record<string, string> };
    expect(parsed.level).toBe('Metadata');
    expect(parsed.requestObject).toBeUndefined();
    expect(parsed.annotations['kubedeck.io/audit-truncated']).toBe('true');
  });
});
