import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../../../shared/api/apps';
import type { KubeObject } from '../../../../shared/api/meta';
import { rejects } from '../testing/expect-error';
import { newFixture, type Fixture } from '../testing/registry-fixture';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

function deploy(name: string, labels: Record<string, string> = { app: name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } } },
  };
}

describe('deployment strategy', () => {
  it('defaults replicas, strategy, history limit, progress deadline and the template', async () => {
    const d = (await f.r('deployments').create('default', deploy('web'), {})) as Deployment;
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });

  it('refuses a selector that does not match the template labels', async () => {
    const e = await rejects(f.r('deployments').create('default', deploy('web', { app: 'other' }), {}));
    expect(e.code).toBe(422);
    expect(e.status.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
    expect(e.causes[0]).toEqual({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
      field: 'spec.template.metadata.labels',
    });
    expect(e.status.details).toMatchObject({ kind: 'Deployment', group: 'apps', name: 'web' });
  });

  it('requires a selector and validates the template spec with its path', async () => {
    const d = deploy('web');
    delete (d.spec as { selector?: unknown }).selector;
    (d.spec as { template: { spec: { containers: object[] } } }).template.spec.containers = [{ name: 'app' }];
    const e = await rejects(f.r('deployments').create('default', d, {}));
    expect(e.causes.map((c) => c.field)).toEqual(['spec.selector', 'spec.template.spec.containers[0].image']);
  });

  it('refuses maxSurge and maxUnavailable both 0, and negative replicas', async () => {
    const d = deploy('web');
    (d.spec as Deployment['spec']).strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    (d.spec as Deployment['spec']).replicas = -1;
    const e = await rejects(f.r('deployments').create('default', d, {}));
    expect(e.causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('keeps spec.selector immutable', async () => {
    await f.r('deployments').create('default', deploy('web'), {});
    const e = await rejects(
      f.r('deployments').patch(
        'default',
        'web',
        'application/merge-patch+json',
        { spec: { selector: { matchLabels: { app: 'web', v: '2' } }, template: { metadata: { labels: { app: 'web', v: '2' } } } } },
        {},
      ),
    );
    expect(e.code).toBe(422);
    expect(e.causes[0]!.field).toBe('spec.selector');
    expect(e.causes[0]!.message).toMatch(/: field is immutable$/);
  });

  it('bumps generation on spec and annotation changes, not on labels or status', async () => {
    await f.r('deployments').create('default', deploy('web'), {});
    const l = await f.r('deployments').patch('default', 'web', 'application/merge-patch+json', { metadata: { labels: { x: '1' } } }, {});
    expect(l.metadata.generation).toBe(1);
    const a = await f.r('deployments').patch('default', 'web', 'application/merge-patch+json', { metadata: { annotations: { x: '1' } } }, {});
    expect(a.metadata.generation).toBe(2);
    const s = await f.r('deployments').patch('default', 'web', 'application/merge-patch+json', { status: { observedGeneration: 2 } }, { subresource: 'status' });
    expect(s.metadata.generation).toBe(2);
    expect((s.status as { observedGeneration: number }).observedGeneration).toBe(2);
  });
});

describe('replicaset strategy', () => {
  it('defaults replicas and requires matching template labels', async () => {
    const rs = { ...deploy('r'), kind: 'ReplicaSet' };
    const created = await f.r('replicasets').create('default', rs, {});
    expect((created.spec as { replicas: number }).replicas).toBe(1);
    const bad = { ...deploy('b', { app: 'zzz' }), kind: 'ReplicaSet' };
    const e = await rejects(f.r('replicasets').create('default', bad, {}));
    expect(e.status.message).toMatch(/^ReplicaSet\.apps "b" is invalid: spec\.template\.metadata\.labels: Invalid value/);
  });

  it('serves autoscaling/v1 Scale with the selector string', async () => {
    await f.r('replicasets').create('default', { ...deploy('r'), kind: 'ReplicaSet' }, {});
    const scale = await f.r('replicasets').getSubresource('default', 'r', 'scale');
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'r', namespace: 'default' }, spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=r' } });
    const e = await rejects(f.r('replicasets').update('default', 'r', { ...scale, spec: { replicas: -2 } }, { subresource: 'scale' }));
    expect(e.code).toBe(422);
  });
});
