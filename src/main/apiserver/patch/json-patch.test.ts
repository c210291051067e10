import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { applyJsonPatch } from './json-patch';

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' }, labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:2' }] },
    },
  },
});

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const out = applyJsonPatch({ a: 1, b: { c: [1, 2] }, d: 'x' }, [
      { op: 'test', path: '/a', value: 1 },
      { op: 'add', path: '/b/c/-', value: 3 },
      { op: 'replace', path: '/a', value: 10 },
      { op: 'remove', path: '/d' },
      { op: 'move', from: '/b/c', path: '/moved' },
      { op: 'copy', from: '/moved', path: '/copied' },
    ]);
    expect(out).toEqual({ a: 10, b: {}, moved: [1, 2, 3], copied: [1, 2, 3] });
  });

  it('applies what kubectl rollout undo sends', () => {
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1' }] },
    };
    const annotations = { 'deployment.kubernetes.io/revision': '1' };
    const original = deployment();
    const out = applyJsonPatch(original, [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]) as ReturnType<typeof deployment>;
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual(annotations);
    expect(out.spec.replicas).toBe(2);
    // The original is untouched, and the result does not alias the patch values.
    expect(original).toEqual(deployment());
    out.spec.template.spec.containers.push({ name: 'extra', image: 'x' });
    expect(template.spec.containers).toHaveLength(1);
  });

  it('answers 422 Invalid with the Kubernetes message when a test fails', () => {
    const original = deployment();
    const err = thrown(() => applyJsonPatch(original, [
      { op: 'replace', path: '/spec/replicas', value: 7 },
      { op: 'test', path: '/spec/replicas', value: 3 },
    ]));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422 });
    expect(err.message).toBe('the server rejected our request due to an error in our request');
    expect(String(err.cause)).toContain('TEST_OPERATION_FAILED');
    // The replace before the failed test did not leak into the original.
    expect(original.spec.replicas).toBe(2);
  });

  it('answers 422 for a path that does not resolve and for an unknown op', () => {
    expect(thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/missing' }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/x/y', value: 1 }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'frobnicate', path: '/a' }])).code).toBe(422);
  });

  it('answers 400 naming the problem when the body is not a list of operations', () => {
    const notArray = thrown(() => applyJsonPatch({}, { op: 'add', path: '/a', value: 1 }));
    expect(notArray.code).toBe(400);
    expect(notArray.reason).toBe('BadRequest');
    expect(notArray.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    const badOp = thrown(() => applyJsonPatch({}, [1]));
    expect(badOp.code).toBe(400);
    expect(badOp.message).toBe('json: cannot unmarshal number into Go value of type jsonpatch.Operation');
  });

  it('answers 413 past 10,000 operations, and treats null as an empty patch', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
    expect(thrown(() => applyJsonPatch({ a: 1 }, ops)).code).toBe(413);
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });

  it('refuses to modify Object.prototype through a __proto__ path', () => {
    const err = thrown(() => applyJsonPatch({}, [{ op: 'add', path: '/__proto__/polluted', value: true }]));
    expect(err.code).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
