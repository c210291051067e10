import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch';

describe('applyMergePatch', () => {
  it('merges objects recursively, deletes on null and replaces arrays and scalars', () => {
    const original = {
      metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
      spec: { replicas: 1, list: [1, 2, 3] },
    };
    const patch = { metadata: { labels: { tier: null, env: 'prod' } }, spec: { list: [9] }, extra: 'x' };
    expect(applyMergePatch(original, patch)).toEqual({
      metadata: { name: 'web', labels: { app: 'web', env: 'prod' } },
      spec: { replicas: 1, list: [9] },
      extra: 'x',
    });
  });

  it('is what kubectl scale sends: {"spec":{"replicas":N}}', () => {
    const deploy = { kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } } } };
    const out = applyMergePatch(deploy, { spec: { replicas: 5 } }) as typeof deploy;
    expect(out.spec).toEqual({ replicas: 5, selector: { matchLabels: { a: 'b' } } });
  });

  it('follows the RFC 7386 appendix examples', () => {
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(applyMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
    expect(applyMergePatch({ a: 'foo' }, 'bar')).toEqual('bar');
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(applyMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('never mutates its inputs nor shares structure with them', () => {
    const original = { a: { b: 1 }, keep: { deep: [1] } };
    const patch = { a: { c: { d: 2 } } };
    const before = structuredClone({ original, patch });
    const out = applyMergePatch(original, patch) as { a: { c: { d: number } }; keep: { deep: number[] } };
    expect({ original, patch }).toEqual(before);
    out.a.c.d = 99;
    out.keep.deep.push(2);
    expect({ original, patch }).toEqual(before);
  });

  it('treats a "__proto__" key as data, not as a prototype change', () => {
    const out = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
