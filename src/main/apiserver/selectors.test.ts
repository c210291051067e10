import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import {
  formatLabelSelector,
  formatLabels,
  labelSelectorString,
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const labels = { app: 'web', tier: 'front', version: '3' };

describe('parseLabelSelector', () => {
  const m = (s: string, l: Record<string, string> | undefined = labels) => parseLabelSelector(s).matches(l);
  it('matches equality, inequality, existence and absence', () => {
    expect(m('app=web')).toBe(true);
    expect(m('app==web')).toBe(true);
    expect(m('app=api')).toBe(false);
    expect(m('app!=api')).toBe(true);
    expect(m('missing!=x')).toBe(true);
    expect(m('tier')).toBe(true);
    expect(m('!tier')).toBe(false);
    expect(m('!missing')).toBe(true);
    expect(m('app=web,tier=back')).toBe(false);
    expect(m('')).toBe(true);
  });
  it('matches set-based requirements and numeric comparisons', () => {
    expect(m('app in (web, api)')).toBe(true);
    expect(m('app in (api)')).toBe(false);
    expect(m('app notin (api,db)')).toBe(true);
    expect(m('missing notin (a)')).toBe(true);
    expect(m('missing in (a)')).toBe(false);
    expect(m('version>2')).toBe(true);
    expect(m('version<3')).toBe(false);
    expect(m('environment in (production),tier notin (back)')).toBe(false);
  });
  it('accepts prefixed keys and empty values', () => {
    expect(m('app.kubernetes.io/name=x', { 'app.kubernetes.io/name': 'x' })).toBe(true);
    expect(m('a=', { a: '' })).toBe(true);
  });
  it('refuses bad syntax with 400', () => {
    for (const bad of ['app in web', 'app=(x', '=x', 'a b', 'bad key!=x', 'a=b c']) {
      let err: unknown;
      try {
        parseLabelSelector(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
    }
  });
});

describe('parseFieldSelector', () => {
  it('matches =, == and != with escapes', () => {
    const fields = { 'metadata.name': 'a,b', 'status.phase': 'Running' };
    expect(parseFieldSelector('metadata.name=a\\,b').matches(fields)).toBe(true);
    expect(parseFieldSelector('status.phase==Running,metadata.name!=x').matches(fields)).toBe(true);
    expect(parseFieldSelector('status.phase!=Running').matches(fields)).toBe(false);
    expect(parseFieldSelector('spec.nodeName=').matches(fields)).toBe(true);
  });
  it('refuses unsupported fields', () => {
    expect(() => parseFieldSelector('spec.foo=1', ['metadata.name'])).toThrow('field label not supported: spec.foo');
  });
  it('refuses terms without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(ApiError);
  });
  it('answers every shared SelectorError as 400 BadRequest with its message', () => {
    for (const [f, message] of [
      [() => parseLabelSelector('app in web'), "unable to parse requirement: found 'web', expected: '('"],
      [() => parseFieldSelector('a=b\\q'), 'invalid field selector: invalid escape sequence: \\q'],
      [() => parseFieldSelector('spec.foo=1', ['metadata.name']), 'field label not supported: spec.foo'],
    ] as const) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, message).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
      expect((err as ApiError).reason).toBe('BadRequest');
      expect((err as ApiError).message).toBe(message);
    }
  });
});

describe('LabelSelector objects', () => {
  it('matches matchLabels and matchExpressions; nil selects nothing, {} everything', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
    expect(matchesLabelSelector({}, labels)).toBe(true);
  });
  it('renders selectors sorted by key, as kubectl prints them', () => {
    const sel = { matchLabels: { tier: 'front', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn' as const, values: ['prod', 'dev'] }] };
    expect(labelSelectorString(sel)).toBe('app=web,env notin (dev,prod),tier=front');
    expect(labelSelectorString({})).toBe('');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });
});
