import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../../../shared/api/core';
import { rejects } from '../testing/expect-error';
import { newFixture, pod, type Fixture } from '../testing/registry-fixture';
import { defaultPullPolicy, qosClass } from './pod-spec';
import { POD_UPDATE_FORBIDDEN } from './strategy';

let f: Fixture;
beforeEach(async () => {
  f = await newFixture();
});
afterEach(async () => {
  await f.close();
});

describe('pod strategy', () => {
  it('defaults the spec and sets Pending + QoS class on create', async () => {
    const p = (await f.r('pods').create(
      'default',
      {
        metadata: { name: 'a' },
        spec: {
          containers: [
            { name: 'app', image: 'busybox', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '100m', memory: '64Mi' } } },
          ],
        },
        status: { phase: 'Running' },
      },
      {},
    )) as Pod;
    expect(p.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    const c = p.spec.containers[0]!;
    expect(c).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(c.ports![0]!.protocol).toBe('TCP');
    expect(c.resources!.requests).toEqual({ cpu: '100m', memory: '64Mi' });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it('picks imagePullPolicy from the tag and QoS from resources', () => {
    expect(defaultPullPolicy('busybox')).toBe('Always');
    expect(defaultPullPolicy('busybox:latest')).toBe('Always');
    expect(defaultPullPolicy('busybox:1.36')).toBe('IfNotPresent');
    expect(defaultPullPolicy('localhost:5000/app')).toBe('Always');
    expect(defaultPullPolicy('app@sha256:abc')).toBe('IfNotPresent');
    expect(qosClass({ containers: [{ name: 'a' }] })).toBe('BestEffort');
    expect(qosClass({ containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }] })).toBe('Burstable');
  });

  it('reports missing container name and image with field causes', async () => {
    const e = await rejects(f.r('pods').create('default', { metadata: { name: 'bad' }, spec: { containers: [{}] } }, {}));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.status.message).toBe('Pod "bad" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]');
    expect(e.status.details).toMatchObject({ name: 'bad', group: '', kind: 'Pod' });
    expect(e.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].name' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
    ]);
    expect((await f.r('pods').list('default', {})).items).toHaveLength(0);
  });

  it('reports an invalid name with the RFC 1123 message', async () => {
    const e = await rejects(f.r('pods').create('default', pod('Bad_Name'), {}));
    expect(e.status.message).toBe(
      `Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(e.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
  });

  it('validates ports, restart policy and label syntax', async () => {
    const e = await rejects(
      f.r('pods').create(
        'default',
        {
          metadata: { name: 'p', labels: { 'bad key!': 'v' } },
          spec: { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
        },
        {},
      ),
    );
    const fields = e.causes.map((c) => `${c.field}: ${c.message}`);
    expect(fields).toContain('spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive');
    expect(fields).toContain('spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"');
    expect(fields.some((m) => m.startsWith('metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters'))).toBe(true);
  });

  it('allows image changes but forbids other spec changes', async () => {
    const p = await f.r('pods').create('default', pod('a'), {});
    const img = await f.r('pods').patch('default', 'a', 'application/strategic-merge-patch+json', { spec: { containers: [{ name: 'app', image: 'busybox:2' }] } }, {});
    expect((img as Pod).spec.containers[0]!.image).toBe('busybox:2');
    expect(img.metadata.generation).toBe(2);
    const e = await rejects(f.r('pods').patch('default', 'a', 'application/merge-patch+json', { spec: { restartPolicy: 'Never' } }, {}));
    expect(e.code).toBe(422);
    expect(e.status.message).toBe(`Pod "a" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`);
    // A PUT that omits defaulted fields is not a change.
    const same = await f.r('pods').update('default', 'a', { ...pod('a'), spec: { containers: [{ name: 'app', image: 'busybox:2' }] } }, {});
    expect(same.metadata.resourceVersion).toBe(img.metadata.resourceVersion);
    void p;
  });

  it('selects pods by spec.nodeName and status.phase', async () => {
    await f.r('pods').create('default', pod('a'), {});
    await f.r('pods').create('default', pod('b'), {});
    await f.r('pods').createSubresource('default', 'b', 'binding', { target: { name: 'n1' } }, {});
    const onNode = await f.r('pods').list(undefined, { fieldSelector: 'spec.nodeName=n1' });
    expect(onNode.items.map((p) => p.metadata.name)).toEqual(['b']);
    const unscheduled = await f.r('pods').list(undefined, { fieldSelector: 'spec.nodeName=,status.phase=Pending' });
    expect(unscheduled.items.map((p) => p.metadata.name)).toEqual(['a']);
  });
});
