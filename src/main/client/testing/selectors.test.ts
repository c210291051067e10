import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';
import { parseFieldSelector, parseLabelSelector } from './selectors';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } } as KubeObject;

describe('fake client selectors', () => {
  it('match labels with the apiserver grammar', () => {
    expect(parseLabelSelector('app in (web),!legacy')({ app: 'web' })).toBe(true);
    expect(parseLabelSelector('app!=web')(undefined)).toBe(true);
    expect(parseLabelSelector(undefined)(undefined)).toBe(true);
  });

  it('read fields by dotted path; a missing field is the empty string', () => {
    expect(parseFieldSelector('metadata.name=p,spec.nodeName!=')(pod)).toBe(true);
    expect(parseFieldSelector('status.phase==Pending')(pod)).toBe(false);
    expect(parseFieldSelector('spec.missing.deeper=')(pod)).toBe(true);
  });

  it('answer bad syntax as the apiserver does: 400 BadRequest', () => {
    for (const f of [() => parseLabelSelector('a b'), () => parseFieldSelector('metadata.name')]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(400);
    }
  });
});
