import { describe, expect, it } from 'vitest';
import { wrapIndex } from './use-focus-trap';

describe('wrapIndex', () => {
  it('wraps at both ends and leaves the middle to the browser', () => {
    expect(wrapIndex(3, 2, false)).toBe(0);
    expect(wrapIndex(3, 0, true)).toBe(2);
    expect(wrapIndex(3, 1, false)).toBe(-1);
    expect(wrapIndex(3, -1, false)).toBe(0);
    expect(wrapIndex(0, -1, false)).toBe(-1);
  });
});
