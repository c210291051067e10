import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/errors';
import { applyOrder, comparable, describeApiError, patchBody, type PlanItem } from './apply-plan';

const status = (code: number, message: string, causes?: { field?: string; message?: string }[]) =>
  new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, message, reason: code === 422 ? 'Invalid' : 'BadRequest', details: causes ? { causes } : undefined });

describe('apply plan helpers', () => {
  it('describeApiError extracts unknown field paths from a strict decoding error', () => {
    const d = describeApiError(status(400, 'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"'));
    expect(d.fields).toEqual(['spec.foo', 'spec.bar']);
    expect(d.message).toContain('unknown field "spec.foo"');
  });

  it('describeApiError lists the field causes of a 422', () => {
    const d = describeApiError(status(422, 'Pod "x" is invalid', [{ field: 'spec.containers[0].image', message: 'Required value' }]));
    expect(d.fields).toEqual(['spec.containers[0].image']);
    expect(d.message).toBe('spec.containers[0].image: Required value');
  });

  it('comparable ignores resourceVersion, managedFields, generation and key order', () => {
    const a = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', resourceVersion: '1', generation: 1 }, spec: { x: 1, y: 2 } };
    const b = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', resourceVersion: '9', managedFields: [] }, spec: { y: 2, x: 1 } };
    expect(JSON.stringify(comparable(a))).toBe(JSON.stringify(comparable(b)));
    expect(JSON.stringify(comparable({ ...a, spec: { x: 2, y: 2 } }))).not.toBe(JSON.stringify(comparable(b)));
  });

  it('patchBody drops server-owned metadata and status', () => {
    expect(patchBody({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', uid: 'u', resourceVersion: '3' }, status: { phase: 'Running' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a' },
    });
  });

  it('applyOrder puts namespaces first', () => {
    const items = [{ key: '0', kind: 'Pod' }, { key: '1', kind: 'Namespace' }] as PlanItem[];
    expect(applyOrder(items).map((i) => i.key)).toEqual(['1', '0']);
  });
});
