import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './labels';

describe('filter box label selector', () => {
  it('filters with the apiserver grammar', () => {
    const l = { app: 'web', tier: 'front', version: '3' };
    expect(parseLabelSelector('')(l)).toBe(true);
    expect(parseLabelSelector('app=web,tier!=db')(l)).toBe(true);
    expect(parseLabelSelector('app in (crasher,batch)')(l)).toBe(false);
    expect(parseLabelSelector('!legacy,version>2')(l)).toBe(true);
  });

  it('throws a readable error on malformed input', () => {
    expect(() => parseLabelSelector('app in web')).toThrow("unable to parse requirement: found 'web', expected: '('");
    expect(() => parseLabelSelector('app=web,')).toThrow("unable to parse requirement: found '', expected: identifier");
  });

  it('matches Service-style maps; an empty map selects nothing', () => {
    expect(matchesLabels({ app: 'web', x: 'y' }, { app: 'web' })).toBe(true);
    expect(matchesLabels({ app: 'web' }, { app: 'api' })).toBe(false);
    expect(matchesLabels({ app: 'web' }, {})).toBe(false);
    expect(matchesLabels({ app: 'web' }, undefined)).toBe(false);
  });
});
