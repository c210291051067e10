import { describe, expect, it } from 'vitest';
import { formatQuantity, isValidQuantity, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['2.5', 2.5],
    ['100m', 0.1],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1Ki', 1024],
    ['1k', 1000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['250u', 250e-6],
    [' 64Mi ', 64 * 2 ** 20],
  ])('%s → %d', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n, 9);
  });

  it('rejects malformed quantities', () => {
    expect(() => parseQuantity('abc')).toThrow(/quantities must match/);
    expect(() => parseQuantity('1mi')).toThrow();
    expect(isValidQuantity('12x')).toBe(false);
    expect(isValidQuantity('12Mi')).toBe(true);
  });
});

describe('formatQuantity', () => {
  it('formats cpu in cores or millicores', () => {
    expect(formatQuantity(2, 'cpu')).toBe('2');
    expect(formatQuantity(0.5, 'cpu')).toBe('500m');
    expect(formatQuantity(0.1, 'cpu')).toBe('100m');
  });
  it('formats memory with the largest exact binary suffix', () => {
    expect(formatQuantity(128 * 2 ** 20)).toBe('128Mi');
    expect(formatQuantity(2 ** 30)).toBe('1Gi');
    expect(formatQuantity(1000)).toBe('1000');
    expect(formatQuantity(0)).toBe('0');
  });
  it('round-trips', () => {
    for (const q of ['128Mi', '4Gi', '1536Ki']) expect(formatQuantity(parseQuantity(q))).toBe(q);
  });
});
