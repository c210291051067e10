import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/meta';
import { componentContext, runInRequest } from '../audit/context';
import { rejects } from './testing/expect-error';
import { newFixture, type Fixture } from './testing/registry-fixture';

const APPLY = 'application/apply-patch+yaml' as const;

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

function deployment(replicas: number, image = 'nginx'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } } },
  };
}

const managers = (o: KubeObject) => (o.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}${m.subresource ? `/${m.subresource}` : ''}`);

describe('managedFields on every write', () => {
  it('records creates and updates under ?fieldManager=, else the in-process component', async () => {
    const d = f.r('deployments');
    const created = await d.create('default', deployment(1), { fieldManager: 'kubectl-create' });
    expect(managers(created)).toEqual(['kubectl-create/Update']);
    const scaled = await runInRequest(componentContext('autoscaler'), () => d.patch('default', 'web', 'application/merge-patch+json', { spec: { replicas: 4 } }, {}));
    expect(managers(scaled).sort()).toEqual(['autoscaler/Update', 'kubectl-create/Update']);
    const status = await d.update('default', 'web', { ...scaled, status: { replicas: 4 } }, { subresource: 'status', fieldManager: 'deployment-controller' });
    expect(status.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'deployment-controller', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } }));
  });

  it('leaves an unchanged object unwritten', async () => {
    const d = f.r('configmaps');
    const created = await d.create('default', { metadata: { name: 'c' }, data: { a: '1' } }, { fieldManager: 'x' });
    const again = await d.patch('default', 'c', 'application/merge-patch+json', { data: { a: '1' } }, { fieldManager: 'y' });
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('clears managedFields for a request carrying one empty entry', async () => {
    const d = f.r('configmaps');
    const created = await d.create('default', { metadata: { name: 'c' }, data: { a: '1' } }, { fieldManager: 'x' });
    const reset = await d.update('default', 'c', { ...created, metadata: { ...created.metadata, managedFields: [{}] } }, { fieldManager: 'x' });
    expect(reset.metadata.managedFields).toBeUndefined();
  });
});

describe('server-side apply through the registry', () => {
  it('creates, conflicts with another manager (409), and force takes the field over', async () => {
    const d = f.r('deployments');
    const created = await d.patch('default', 'web', APPLY, deployment(2), { fieldManager: 'alice' });
    expect(managers(created)).toEqual(['alice/Apply']);
    // Defaults are nobody's: alice owns what she applied.
    expect((created.spec as { strategy?: unknown }).strategy).toBeDefined();

    const e = await rejects(d.patch('default', 'web', APPLY, deployment(3), { fieldManager: 'bob' }));
    expect(e.code).toBe(409);
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');

    const forced = await d.patch('default', 'web', APPLY, deployment(3), { fieldManager: 'bob', force: true });
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
    expect(managers(forced).sort()).toEqual(['alice/Apply', 'bob/Apply']);
  });

  it('needs a field manager', async () => {
    const e = await rejects(f.r('deployments').patch('default', 'web', APPLY, deployment(1), {}));
    expect(e.code).toBe(400);
  });

  it('applies to the status subresource under its own manager', async () => {
    const d = f.r('deployments');
    await d.patch('default', 'web', APPLY, deployment(1), { fieldManager: 'alice' });
    const out = await d.patch('default', 'web', APPLY, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 1 } }, { fieldManager: 'ctl', subresource: 'status' });
    expect((out.status as { replicas: number }).replicas).toBe(1);
    expect(managers(out)).toContain('ctl/Apply/status');
  });
});
