import { describe, expect, it } from 'vitest';
import { prefixEnd } from './log';

describe('prefixEnd', () => {
  it('bumps the last character', () => {
    expect(prefixEnd('/registry/pods/')).toBe('/registry/pods0');
    expect(prefixEnd('a')).toBe('b');
  });

  it('bounds exactly the strings with the prefix (in code point order)', () => {
    const p = '/a/';
    const end = prefixEnd(p)!;
    for (const k of ['/a/', '/a/x', '/a/\u{10FFFF}zz', '/a/é']) expect(k >= p && k < end).toBe(true);
    for (const k of ['/a', '/a0', '/b', '/a.']) expect(k >= p && k < end).toBe(false);
  });

  it('has no bound for the empty prefix or a prefix of only the largest code point', () => {
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('\u{10FFFF}')).toBeUndefined();
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
  });

  it('skips the surrogate range', () => {
    expect(prefixEnd('\u{D7FF}')).toBe('\u{E000}');
  });
});
