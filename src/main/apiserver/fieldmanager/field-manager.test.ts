import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';
import { FieldManager, LAST_APPLIED } from './field-manager';
import { FieldSet } from './fieldset';

const NOW = '2026-12-03T00:00:00Z';
const fm = new FieldManager('apps', 'v1', 'Deployment', 'apps/v1', true);

function deployment(spec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels }, spec };
}

function podSpec(containers: unknown[]): Record<string, unknown> {
  return { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } };
}

function managerSet(obj: KubeObject, manager: string): FieldSet {
  const e = obj.metadata.managedFields?.find((m) => m.manager === manager);
  return FieldSet.fromFieldsV1(e?.fieldsV1 ?? {});
}

function applyError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a conflict');
}

describe('FieldManager.recordUpdate', () => {
  it('gives a create every field it set, maps and list elements as members of their own', () => {
    const obj = deployment({ replicas: 2, ...podSpec([{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }]) });
    obj.metadata.managedFields = fm.recordUpdate(undefined, obj, { manager: 'kubectl-create' }, NOW);
    const [entry] = obj.metadata.managedFields!;
    expect(entry).toMatchObject({ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1' });
    const v1 = entry!.fieldsV1 as Record<string, Record<string, unknown>>;
    expect(v1['f:metadata']).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
    const containers = (((v1['f:spec']!['f:template'] as Record<string, unknown>)['f:spec'] as Record<string, unknown>)['f:containers'] as Record<string, unknown>);
    expect(containers['k:{"name":"web"}']).toMatchObject({ '.': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } });
    // LabelSelector is atomic: one leaf.
    expect(v1['f:spec']!['f:selector']).toEqual({});
  });

  it('moves a changed field to its new writer and keeps an unchanged manager list stable', () => {
    const obj = deployment({ replicas: 2, ...podSpec([{ name: 'web', image: 'nginx' }]) });
    obj.metadata.managedFields = fm.recordUpdate(undefined, obj, { manager: 'a' }, NOW);
    const next = structuredClone(obj);
    (next.spec as { replicas: number }).replicas = 5;
    next.metadata.managedFields = fm.recordUpdate(obj, next, { manager: 'b' }, NOW);
    expect(managerSet(next, 'b').has(['f:spec', 'f:replicas'])).toBe(true);
    expect(managerSet(next, 'a').has(['f:spec', 'f:replicas'])).toBe(false);
    expect(fm.recordUpdate(next, structuredClone(next), { manager: 'c' }, '2027-01-01T00:00:00Z')).toEqual(next.metadata.managedFields);
  });

  it('honours managedFields a request sets, and clears them for one empty entry', () => {
    const obj = deployment({ replicas: 1 });
    obj.metadata.managedFields = fm.recordUpdate(undefined, obj, { manager: 'a' }, NOW);
    const renamed = structuredClone(obj);
    renamed.metadata.managedFields = [{ ...obj.metadata.managedFields![0]!, manager: 'z' }];
    expect(fm.recordUpdate(obj, renamed, { manager: 'a' }, NOW)!.map((e) => e.manager)).toEqual(['z']);
    const reset = structuredClone(obj);
    reset.metadata.managedFields = [{}];
    expect(fm.recordUpdate(obj, reset, { manager: 'a' }, NOW)).toBeUndefined();
  });

  it('records status writes under the status subresource and nothing else', () => {
    const obj = deployment({ replicas: 1 });
    const next = { ...structuredClone(obj), status: { replicas: 1 } };
    const entries = fm.recordUpdate(obj, next, { manager: 'deployment-controller', subresource: 'status' }, NOW)!;
    expect(entries).toEqual([expect.objectContaining({ manager: 'deployment-controller', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } })]);
  });
});

describe('FieldManager.apply', () => {
  it('creates with the applier owning exactly its configuration', () => {
    const out = fm.apply(undefined, deployment({ replicas: 2 }), { manager: 'alice', force: false }, NOW);
    expect(out.metadata.managedFields).toEqual([
      { manager: 'alice', operation: 'Apply', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } } },
    ]);
  });

  it('is a 409 naming the other manager and the field, and force takes the field over', () => {
    const live = fm.apply(undefined, deployment({ replicas: 2, paused: false }), { manager: 'alice', force: false }, NOW);
    const err = applyError(() => fm.apply(live, deployment({ replicas: 3 }), { manager: 'bob', force: false }, NOW));
    expect(err.code).toBe(409);
    expect(err.status.reason).toBe('Conflict');
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(err.status.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);

    const forced = fm.apply(live, deployment({ replicas: 3 }), { manager: 'bob', force: true }, NOW);
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
    expect(managerSet(forced, 'bob').has(['f:spec', 'f:replicas'])).toBe(true);
    expect(managerSet(forced, 'alice').has(['f:spec', 'f:replicas'])).toBe(false);
    expect(managerSet(forced, 'alice').has(['f:spec', 'f:paused'])).toBe(true);
  });

  it('lists several conflicts by manager, with list elements by their keys', () => {
    const live = fm.apply(undefined, deployment({ replicas: 2, ...podSpec([{ name: 'web', image: 'nginx:1' }]) }), { manager: 'alice', force: false }, NOW);
    const err = applyError(() => fm.apply(live, deployment({ replicas: 5, ...podSpec([{ name: 'web', image: 'nginx:2' }]) }), { manager: 'bob', force: false }, NOW));
    expect(err.status.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
    );
    expect(err.status.details?.causes?.map((c) => c.field)).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="web"].image']);
  });

  it('names an Update manager with its apiVersion', () => {
    const live = deployment({ replicas: 2 });
    live.metadata.managedFields = fm.recordUpdate(undefined, live, { manager: 'kubectl-client-side-apply' }, NOW);
    const err = applyError(() => fm.apply(live, deployment({ replicas: 4 }), { manager: 'kubectl', force: false }, NOW));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });

  it('shares a field applied with the same value, without conflict', () => {
    const live = fm.apply(undefined, deployment({ replicas: 2 }), { manager: 'alice', force: false }, NOW);
    const out = fm.apply(live, deployment({ replicas: 2 }), { manager: 'bob', force: false }, NOW);
    expect(managerSet(out, 'alice').has(['f:spec', 'f:replicas'])).toBe(true);
    expect(managerSet(out, 'bob').has(['f:spec', 'f:replicas'])).toBe(true);
  });

  it('removes a field dropped from the configuration unless another manager owns it', () => {
    const live = fm.apply(undefined, deployment({ replicas: 2, paused: true }, { app: 'web', tier: 'front' }), { manager: 'alice', force: false }, NOW);
    const dropped = fm.apply(live, deployment({ replicas: 2 }), { manager: 'alice', force: false }, NOW);
    expect(dropped.spec).toEqual({ replicas: 2 });
    expect(dropped.metadata.labels).toEqual({ app: 'web' });

    const shared = fm.apply(live, deployment({ paused: true }), { manager: 'bob', force: false }, NOW);
    const kept = fm.apply(shared, deployment({ replicas: 2 }), { manager: 'alice', force: false }, NOW);
    expect(kept.spec).toEqual({ replicas: 2, paused: true });
  });

  it('merges containers by name and ports by containerPort and protocol (defaulted), without duplicates', () => {
    const live = deployment({ replicas: 1, ...podSpec([{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] }]) });
    live.metadata.managedFields = fm.recordUpdate(undefined, live, { manager: 'kubectl-client-side-apply' }, NOW);
    const config = deployment({ replicas: 1, ...podSpec([{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }]) });
    const out = fm.apply(live, config, { manager: 'kubectl', force: false }, NOW);
    const containers = (out.spec as { template: { spec: { containers: { ports: unknown[]; env: unknown[] }[] } } }).template.spec.containers;
    expect(containers).toHaveLength(1);
    expect(containers[0]!.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(containers[0]!.env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('keeps a map the applier owned as a whole while it still sets fields inside it', () => {
    const live = deployment({ replicas: 1 }, { app: 'web', tier: 'front' });
    // As kubectl's client-side-apply migration leaves it: the labels map itself and its entries owned by kubectl.
    live.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:tier': {} } }, 'f:spec': { 'f:replicas': {} } } }];
    const out = fm.apply(live, deployment({ replicas: 1 }), { manager: 'kubectl', force: false }, NOW);
    expect(out.metadata.labels).toEqual({ app: 'web' });
  });

  it('adds a new container after the live ones and removes one the applier dropped', () => {
    const two = deployment(podSpec([{ name: 'web', image: 'a' }, { name: 'side', image: 'b' }]));
    const live = fm.apply(undefined, two, { manager: 'alice', force: false }, NOW);
    const out = fm.apply(live, deployment(podSpec([{ name: 'web', image: 'a' }])), { manager: 'alice', force: false }, NOW);
    expect((out.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name)).toEqual(['web']);
  });

  it('lets kubectl take over what client-side apply last applied, without a conflict; other fields still conflict', () => {
    const applied = deployment({ replicas: 2 });
    const live = deployment({ replicas: 2, paused: false });
    live.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(applied) };
    live.metadata.managedFields = fm.recordUpdate(undefined, live, { manager: 'kubectl-client-side-apply' }, NOW);
    const out = fm.apply(live, deployment({ replicas: 3 }), { manager: 'kubectl', force: false }, NOW);
    expect((out.spec as { replicas: number }).replicas).toBe(3);
    expect(managerSet(out, 'kubectl').has(['f:spec', 'f:replicas'])).toBe(true);
    expect(managerSet(out, 'kubectl-client-side-apply').has(['f:spec', 'f:replicas'])).toBe(false);
    // paused was never in the last-applied configuration.
    const err = applyError(() => fm.apply(live, deployment({ replicas: 2, paused: true }), { manager: 'kubectl', force: false }, NOW));
    expect(err.status.message).toContain('.spec.paused');
    // Another manager name gets no such allowance.
    expect(applyError(() => fm.apply(live, deployment({ replicas: 3 }), { manager: 'argo', force: false }, NOW)).code).toBe(409);
  });

  it('keeps the last-applied annotation in step when kubectl applies over client-side apply', () => {
    const live = deployment({ replicas: 1 });
    live.metadata.annotations = { [LAST_APPLIED]: '{"old":true}' };
    const out = fm.apply(live, deployment({ replicas: 1 }), { manager: 'kubectl', force: false }, NOW);
    expect(JSON.parse(out.metadata.annotations![LAST_APPLIED]!)).toMatchObject({ kind: 'Deployment', spec: { replicas: 1 } });
  });

  it('refuses a configuration carrying managedFields', () => {
    const config = deployment({});
    config.metadata.managedFields = [];
    expect(applyError(() => fm.apply(undefined, config, { manager: 'a', force: false }, NOW)).code).toBe(400);
  });
});
