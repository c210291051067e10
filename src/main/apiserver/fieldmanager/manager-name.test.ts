import { describe, expect, it } from 'vitest';
import { APP_USER, componentContext, runInRequest, type RequestContext } from '../audit/context';
import { defaultManagerName } from './manager-name';

const client = (userAgent: string, username = 'kubectl'): RequestContext => ({ user: { username, groups: [] }, userAgent, sourceIPs: [] });

describe('defaultManagerName', () => {
  it('takes the user agent product, as Kubernetes does', () => {
    expect(runInRequest(client('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07'), defaultManagerName)).toBe('kubectl');
    expect(runInRequest(client('OpenAPI-Generator/31.0.0/python'), defaultManagerName)).toBe('OpenAPI-Generator');
  });

  it('names in-process components and the app', () => {
    expect(runInRequest(componentContext('replicaset-controller'), defaultManagerName)).toBe('replicaset-controller');
    expect(runInRequest(client('Mozilla/5.0 (X11; Linux x86_64)', APP_USER), defaultManagerName)).toBe(APP_USER);
  });

  it('falls back to kubedeck without a request', () => {
    expect(defaultManagerName()).toBe('kubedeck');
  });
});
