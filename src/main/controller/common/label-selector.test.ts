import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../../shared/api/meta';
import { selectorIsEmpty, selectorMatcher } from './label-selector';

describe('selectorMatcher', () => {
  it('selects nothing for nil, everything for {}, and by matchLabels/matchExpressions', () => {
    expect(selectorMatcher(undefined)({ app: 'web' })).toBe(false);
    expect(selectorMatcher({})({})).toBe(true);
    const m = selectorMatcher({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] });
    expect(m({ app: 'web' })).toBe(true);
    expect(m({ app: 'web', tier: 'db' })).toBe(false);
    expect(m(undefined)).toBe(false);
  });

  it('selects nothing when an operator is unknown', () => {
    expect(selectorMatcher({ matchExpressions: [{ key: 'x', operator: 'Bogus' }] } as unknown as LabelSelector)({})).toBe(false);
  });

  it('selectorIsEmpty is true only for a non-nil selector without requirements', () => {
    expect(selectorIsEmpty({})).toBe(true);
    expect(selectorIsEmpty({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(selectorIsEmpty(undefined)).toBe(false);
    expect(selectorIsEmpty({ matchLabels: { a: 'b' } })).toBe(false);
  });
});
