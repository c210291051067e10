import { describe, expect, it } from 'vitest';
import {
  EVERYTHING,
  formatLabelSelector,
  labelKeyError,
  labelSelectorFromObject,
  labelSelectorString,
  labelValueError,
  matchesLabelSelector,
  NOTHING,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import type { LabelSelector } from './api/meta';

const labels = { app: 'web', tier: 'front', version: '3' };

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('parseLabelSelector', () => {
  const m = (s: string, l: Record<string, string> | undefined = labels) => parseLabelSelector(s).matches(l);

  it('parses every operator into requirements', () => {
    expect(parseLabelSelector('a,!b,c=1,d==2,e!=3,f in (x,y),g notin (z),h>4,i<5').requirements).toEqual([
      { key: 'a', op: 'exists', values: [] },
      { key: 'b', op: '!', values: [] },
      { key: 'c', op: '=', values: ['1'] },
      { key: 'd', op: '=', values: ['2'] },
      { key: 'e', op: '!=', values: ['3'] },
      { key: 'f', op: 'in', values: ['x', 'y'] },
      { key: 'g', op: 'notin', values: ['z'] },
      { key: 'h', op: 'gt', values: ['4'] },
      { key: 'i', op: 'lt', values: ['5'] },
    ]);
  });

  it('treats an empty or blank selector as everything', () => {
    expect(parseLabelSelector(undefined)).toBe(EVERYTHING);
    expect(parseLabelSelector('  ')).toBe(EVERYTHING);
    expect(EVERYTHING.empty).toBe(true);
    expect(parseLabelSelector('').matches(undefined)).toBe(true);
  });

  it('matches missing labels as Kubernetes does', () => {
    // undefined labels (an object without metadata.labels) are an empty set.
    const none = (s: string) => parseLabelSelector(s).matches(undefined);
    expect(none('app')).toBe(false);
    expect(none('!app')).toBe(true);
    expect(none('app!=web')).toBe(true);
    expect(none('app notin (web)')).toBe(true);
    expect(m('version>2', {})).toBe(false);
    expect(m('version>2', { version: 'x' })).toBe(false);
    expect(m('version<-1', { version: '-2' })).toBe(true);
  });

  it('tolerates whitespace around operators and values', () => {
    expect(m(' app = web , tier in ( front , back ) ')).toBe(true);
    expect(m('app in (web,)')).toBe(true);
    expect(m('app in ()', { app: '' })).toBe(false);
  });

  it('throws SelectorError with the apiserver message on bad syntax', () => {
    const cases: [string, string][] = [
      ['app in web', "unable to parse requirement: found 'web', expected: '('"],
      ['=x', "unable to parse requirement: found '=', expected: !, identifier, or 'end of string'"],
      ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
      ['a=b c', "unable to parse requirement: found 'c', expected: ',' or 'end of string'"],
      ['a,', "unable to parse requirement: found '', expected: identifier"],
      ['!', "unable to parse requirement: found '', expected: identifier after '!'"],
      ['a>x', "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer"],
      ['a in (x', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ];
    for (const [bad, message] of cases) {
      const err = errorOf(() => parseLabelSelector(bad));
      expect(err, bad).toBeInstanceOf(SelectorError);
      expect(err, bad).toBeInstanceOf(Error);
      expect((err as Error).message, bad).toBe(message);
    }
  });

  it('validates keys and values', () => {
    expect((errorOf(() => parseLabelSelector('-a=x')) as Error).message).toMatch(/^unable to parse requirement: invalid label key "-a": name part must consist/);
    expect((errorOf(() => parseLabelSelector('a=x_')) as Error).message).toMatch(/^unable to parse requirement: invalid label value: "x_": at key: a valid label must/);
    expect(labelKeyError('example.com/name')).toBeUndefined();
    expect(labelKeyError('Example.com/name')).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(labelKeyError('/name')).toBe('prefix part must be non-empty');
    expect(labelKeyError('a/b/c')).toMatch(/^a qualified name must consist/);
    expect(labelKeyError('x'.repeat(64))).toBe('name part must be no more than 63 characters');
    expect(labelValueError('')).toBeUndefined();
    expect(labelValueError('v'.repeat(64))).toBe('must be no more than 63 characters');
  });
});

describe('parseFieldSelector', () => {
  it('parses terms, unescaping values', () => {
    expect(parseFieldSelector('metadata.name=a\\=b,spec.nodeName!=,status.phase==Running').requirements).toEqual([
      { field: 'metadata.name', op: '=', value: 'a=b' },
      { field: 'spec.nodeName', op: '!=', value: '' },
      { field: 'status.phase', op: '=', value: 'Running' },
    ]);
    expect(parseFieldSelector('').empty).toBe(true);
  });

  it('treats a field missing from the object as the empty string', () => {
    expect(parseFieldSelector('spec.nodeName=').matches({})).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=').matches({})).toBe(false);
  });

  it('throws SelectorError with the apiserver message', () => {
    const cases: [() => unknown, string][] = [
      [() => parseFieldSelector('metadata.name'), "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
      [() => parseFieldSelector('=x'), "invalid selector: '=x'; can't understand '=x'"],
      [() => parseFieldSelector('a=b\\q'), 'invalid field selector: invalid escape sequence: \\q'],
      [() => parseFieldSelector('a=b=c'), 'invalid field selector: unescaped = in value'],
      [() => parseFieldSelector('spec.foo=1', ['metadata.name']), 'field label not supported: spec.foo'],
    ];
    for (const [f, message] of cases) {
      const err = errorOf(f);
      expect(err, message).toBeInstanceOf(SelectorError);
      expect((err as Error).message).toBe(message);
    }
  });
});

describe('LabelSelector objects', () => {
  it('selects nothing for nil, everything for {}', () => {
    expect(labelSelectorFromObject(undefined)).toBe(NOTHING);
    expect(labelSelectorFromObject(null).matches(labels)).toBe(false);
    expect(labelSelectorFromObject({}).empty).toBe(true);
    expect(labelSelectorFromObject({}).matches(undefined)).toBe(true);
  });

  it('combines matchLabels and every expression operator', () => {
    const sel: LabelSelector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'version', operator: 'NotIn', values: ['1'] },
        { key: 'version', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    expect(matchesLabelSelector(sel, labels)).toBe(true);
    expect(matchesLabelSelector(sel, { ...labels, legacy: 'y' })).toBe(false);
    expect(matchesLabelSelector(sel, { ...labels, version: '1' })).toBe(false);
    expect(matchesLabelSelector(sel, { app: 'web', tier: 'front' })).toBe(false);
    expect(matchesLabelSelector(sel, { ...labels, app: 'api' })).toBe(false);
  });

  it('selects nothing when an operator is unknown (LabelSelectorAsSelector fails on it)', () => {
    const sel = { matchExpressions: [{ key: 'x', operator: 'Bogus' }] } as unknown as LabelSelector;
    expect(labelSelectorFromObject(sel).matches({})).toBe(false);
    expect(labelSelectorFromObject(sel).empty).toBe(false);
  });

  it('renders every operator, values sorted, keys sorted', () => {
    const sel: LabelSelector = {
      matchLabels: { b: '2' },
      matchExpressions: [
        { key: 'd', operator: 'In', values: ['y', 'x'] },
        { key: 'a', operator: 'Exists' },
        { key: 'c', operator: 'DoesNotExist' },
      ],
    };
    expect(labelSelectorString(sel)).toBe('a,b=2,!c,d in (x,y)');
    expect(labelSelectorString(undefined)).toBe('');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector(sel)).toBe('a,b=2,!c,d in (x,y)');
  });
});
