import { describe, expect, it } from 'vitest';
import { fieldDiff, showValue } from './field-diff';
import { plainTypeError } from './type-errors';

describe('plainTypeError', () => {
  it('names the field and the value in words', () => {
    const msg = 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec.replicas of type int32';
    expect(plainTypeError(msg, { spec: { replicas: 'three' } })).toEqual({ field: 'spec.replicas', message: 'spec.replicas must be an integer, got the string "three"' });
  });
  it('looks into lists', () => {
    const msg = 'json: cannot unmarshal number into Go struct field Pod.spec.containers.image of type string';
    expect(plainTypeError(msg, { spec: { containers: [{ image: 'a' }, { image: 5 }] } })?.message).toBe('spec.containers.image must be a string, got the number 5');
  });
  it('leaves other messages alone', () => {
    expect(plainTypeError('spec.replicas: Invalid value: -1', {})).toBeUndefined();
  });
});

describe('fieldDiff', () => {
  it('lists changed leaves, ignoring what every write changes', () => {
    const live = { metadata: { name: 'w', resourceVersion: '1' }, spec: { replicas: 2, template: { spec: { containers: [{ image: 'a' }] } } } };
    const after = { metadata: { name: 'w', resourceVersion: '2' }, spec: { replicas: 5, template: { spec: { containers: [{ image: 'b' }] } } } };
    expect(fieldDiff(live, after)).toEqual([
      { path: 'spec.replicas', before: 2, after: 5 },
      { path: 'spec.template.spec.containers[0].image', before: 'a', after: 'b' },
    ]);
    expect(showValue(undefined)).toBe('<none>');
  });
});
