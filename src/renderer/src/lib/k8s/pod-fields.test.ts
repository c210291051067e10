import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { compilePodFieldSelector } from './pod-fields';

const pod = { metadata: { name: 'a', namespace: 'default' }, spec: { nodeName: 'n1', containers: [] }, status: { phase: 'Running' } } as unknown as Pod;

describe('pod field selector', () => {
  it('matches the selectable fields', () => {
    expect(compilePodFieldSelector('status.phase=Running,spec.nodeName=n1')(pod)).toBe(true);
    expect(compilePodFieldSelector('status.phase!=Running')(pod)).toBe(false);
  });
  it('refuses unknown fields and bad syntax, in the API server words', () => {
    expect(() => compilePodFieldSelector('spec.image=x')).toThrow(/not supported/);
    expect(() => compilePodFieldSelector('status.phase')).toThrow(/invalid selector/);
  });
});
