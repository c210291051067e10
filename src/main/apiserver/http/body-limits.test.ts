import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { checkDecodedTree, checkJsonDepth } from './body-limits';

function code(fn: () => void): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof ApiError ? err.code : -1;
  }
}

describe('checkJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more with 400', () => {
    expect(code(() => checkJsonDepth(Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`)))).toBeUndefined();
    expect(code(() => checkJsonDepth(Buffer.from(`${'{"a":'.repeat(101)}1${'}'.repeat(101)}`)))).toBe(400);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const s = JSON.stringify({ a: `\\"${'['.repeat(500)}` });
    expect(code(() => checkJsonDepth(Buffer.from(s), 2))).toBeUndefined();
  });

  it('counts depth, not the number of sibling containers', () => {
    expect(code(() => checkJsonDepth(Buffer.from(JSON.stringify(Array(1000).fill([[1]]))), 3))).toBeUndefined();
  });
});

describe('checkDecodedTree', () => {
  it('refuses a shared-reference tree that expands past the node limit', () => {
    let v: unknown = ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'];
    for (let i = 0; i < 7; i++) v = Array(10).fill(v);
    expect(code(() => checkDecodedTree(v))).toBe(400);
  });

  it('refuses a decoded value nested deeper than the limit', () => {
    let v: unknown = 1;
    for (let i = 0; i < 101; i++) v = { a: v };
    expect(code(() => checkDecodedTree(v))).toBe(400);
    expect(code(() => checkDecodedTree({ a: [{ b: 'c' }] }))).toBeUndefined();
  });
});
