import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../status';
import { ianaSvcNameErrors, validateEnvVarName, validateLabelSelector, validateResources } from './field-formats';

describe('field formats', () => {
  it('port names follow IsValidPortName', () => {
    expect(ianaSvcNameErrors('http')).toEqual([]);
    expect(ianaSvcNameErrors('web-8080')).toEqual([]);
    expect(ianaSvcNameErrors('8080')).toContain('must contain at least one letter (a-z)');
    expect(ianaSvcNameErrors('a--b')).toContain('must not contain consecutive hyphens');
    expect(ianaSvcNameErrors('x'.repeat(16))).toContain('must be no more than 15 characters');
    expect(ianaSvcNameErrors('Web')).toContain('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  });

  it('environment variable names: any printable ASCII but =', () => {
    expect(validateEnvVarName('MY_VAR.1-x', 'env[0].name')).toEqual([]);
    expect(validateEnvVarName('1abc', 'env[0].name')).toEqual([]);
    expect(validateEnvVarName('A=B', 'env[0].name').map(fieldErrorString)).toEqual([
      `env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ]);
    expect(validateEnvVarName('é', 'env[0].name')).toHaveLength(1);
  });

  it('resources: quantities, non-negative, requests not above limits', () => {
    expect(validateResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: 1024 } }, 'r')).toEqual([]);
    const errs = validateResources({ limits: { cpu: '1' }, requests: { cpu: '2', memory: ' 1Mi', 'bad name!': '1' } }, 'r').map(fieldErrorString);
    expect(errs).toContain('r.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1');
    expect(errs.some((e) => e.startsWith('r.requests[memory]: Invalid value: " 1Mi": quantities must match'))).toBe(true);
    expect(errs.some((e) => e.startsWith('r.requests[bad name!]'))).toBe(true);
    expect(validateResources({ limits: { cpu: '-1' } }, 'r').map(fieldErrorString)).toEqual(['r.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
  });

  it('label selectors: operators, values and keys', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] }, 's')).toEqual([]);
    const errs = validateLabelSelector(
      {
        matchExpressions: [
          { key: 'app', operator: 'Near' as 'In', values: ['a'] },
          { key: 'app', operator: 'In', values: [] },
          { key: 'app', operator: 'Exists', values: ['a'] },
          { key: 'bad key', operator: 'Exists' },
        ],
      },
      's',
    ).map(fieldErrorString);
    expect(errs).toContain('s.matchExpressions[0].operator: Unsupported value: "Near": supported values: "In", "NotIn", "Exists", "DoesNotExist"');
    expect(errs).toContain("s.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    expect(errs).toContain("s.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    expect(errs.some((e) => e.startsWith('s.matchExpressions[3].key: Invalid value: "bad key"'))).toBe(true);
  });
});
