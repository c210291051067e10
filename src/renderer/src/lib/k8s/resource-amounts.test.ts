import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { podResourceAmounts } from './resource-amounts';

const pod = (...containers: { requests?: Record<string, string>; limits?: Record<string, string> }[]): Pod =>
  ({ metadata: { name: 'p' }, spec: { containers: containers.map((resources, i) => ({ name: `c${i}`, image: 'x', resources })) } }) as Pod;

describe('podResourceAmounts', () => {
  it('sums every container in millicores and bytes', () => {
    expect(podResourceAmounts(pod({ requests: { cpu: '100m', memory: '16Mi' } }, { requests: { cpu: '0.25', memory: '1Ki' } }), 'requests')).toEqual({ cpu: 350, memory: 16 * 1024 * 1024 + 1024 });
  });
  it('leaves out a resource one container does not set', () => {
    expect(podResourceAmounts(pod({ limits: { cpu: '1' } }, { limits: { cpu: '1', memory: '1Mi' } }), 'limits')).toEqual({ cpu: 2000 });
    expect(podResourceAmounts(pod({}), 'requests')).toEqual({});
  });
});
