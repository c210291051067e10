import { describe, expect, it } from 'vitest';
import { consoleReporter, interleave, RefusedSectionError } from './reporter';

describe('bench reporter', () => {
  it('prints a row beside its measured reference with the ratio', () => {
    const lines: string[] = [];
    const r = consoleReporter((l) => lines.push(l));
    r.section('store');
    r.row('update (CAS) p50', 2, 1, 'ms', 'raw CAS p50');
    r.end();
    expect(lines.join('\n')).toMatch(/update \(CAS\) p50 .* raw CAS p50: .* ratio 2\.00/);
  });

  it('refuses a section that ends with no measured reference', () => {
    const r = consoleReporter(() => {});
    r.section('scheduler');
    r.note('10,000 pods bound');
    expect(() => r.end()).toThrow(RefusedSectionError);
    r.section('store');
    r.note('no rows');
    expect(() => r.section('next')).toThrow(/no figure with a measured reference/);
  });

  it('refuses a row whose reference was not measured', () => {
    const r = consoleReporter(() => {});
    r.section('api');
    for (const missing of [NaN, 0, -1, Infinity]) {
      expect(() => r.row('list p50', 3, missing, 'ms')).toThrow(RefusedSectionError);
    }
    expect(() => r.end()).toThrow(RefusedSectionError);
  });

  it('interleaves subject and reference (A B A B)', async () => {
    const order: string[] = [];
    const out = await interleave(
      3,
      () => order.push('a'),
      () => order.push('b'),
    );
    expect(order.join('')).toBe('ababab');
    expect(out.a).toHaveLength(3);
    expect(out.b).toHaveLength(3);
  });
});
