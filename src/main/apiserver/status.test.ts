import { describe, expect, it } from 'vitest';
import { alreadyExists, conflict, expired, formatValue, invalid, invalidValue, notFound, notSupported, required, successStatus, tooOldResourceVersion } from './status';

describe('status builders', () => {
  it('build NotFound, AlreadyExists and Conflict as apimachinery does', () => {
    const gr = { group: 'apps', resource: 'deployments' };
    expect(notFound(gr, 'x').status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "x" not found',
      reason: 'NotFound',
      details: { name: 'x', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    expect(alreadyExists({ group: '', resource: 'pods' }, 'p').message).toBe('pods "p" already exists');
    expect(conflict(gr, 'x').message).toBe(
      'Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(conflict(gr, 'x').code).toBe(409);
  });

  it('build Invalid with one or several causes', () => {
    const one = invalid('', 'Pod', 'p', [required('spec.containers')]);
    expect(one.code).toBe(422);
    expect(one.message).toBe('Pod "p" is invalid: spec.containers: Required value');
    const two = invalid('apps', 'Deployment', 'd', [required('spec.selector'), notSupported('spec.strategy.type', 'X', ['Recreate', 'RollingUpdate'])]);
    expect(two.message).toBe('Deployment.apps "d" is invalid: [spec.selector: Required value, spec.strategy.type: Unsupported value: "X": supported values: "Recreate", "RollingUpdate"]');
    expect(two.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "X": supported values: "Recreate", "RollingUpdate"', field: 'spec.strategy.type' },
    ]);
  });

  it('formats values like Go', () => {
    expect(formatValue('a')).toBe('"a"');
    expect(formatValue(3)).toBe('3');
    expect(formatValue({ b: '2', a: '1' })).toBe('map[string]string{"a":"1", "b":"2"}');
    expect(formatValue(['x'])).toBe('[]string{"x"}');
    expect(invalidValue('f', -1, 'must be greater than or equal to 0').body).toBe('Invalid value: -1: must be greater than or equal to 0');
  });

  it('build 410 Expired and delete success', () => {
    expect(tooOldResourceVersion(5, 9).status).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 5 (9)' });
    expect(expired('x').code).toBe(410);
    expect(successStatus({ group: '', resource: 'pods' }, 'p', 'u')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'p', group: '', kind: 'pods', uid: 'u' },
      code: 200,
    });
  });
});
