/**
 * Issue 15 A4 (part): `kubectl events` (kubectl 1.32 reads core/v1 events),
 * events.k8s.io/v1 served beside core/v1 over the same objects, `kubectl auth
 * can-i` (the admin token may do everything: yes) and `kubectl auth whoami`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster();
  await tc.kubectl.ok(['apply', '-f', '-'], {
    input: `apiVersion: v1
kind: ConfigMap
metadata: {name: subject}
---
apiVersion: v1
kind: Event
metadata: {name: subject.1}
involvedObject: {kind: ConfigMap, name: subject, namespace: default, apiVersion: v1}
reason: Poked
message: somebody poked the config map
type: Warning
source: {component: tester}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 1
`,
  });
});

afterAll(async () => {
  await tc?.stop();
});

describe('kubectl auth', () => {
  it('auth can-i create pods says yes', async () => {
    const r = await tc.kubectl.run(['auth', 'can-i', 'create', 'pods']);
    expect(r.stdout.trim()).toBe('yes');
    expect(r.code).toBe(0);
    expect((await tc.kubectl.run(['auth', 'can-i', 'delete', 'deployments', '-n', 'kube-system'])).stdout.trim()).toBe('yes');
  });

  it('auth whoami names the admin user', async () => {
    const out = await tc.kubectl.ok(['auth', 'whoami']);
    expect(out).toMatch(/Username\s+kubedeck-admin/);
    expect(out).toMatch(/Groups\s+\[system:masters system:authenticated\]/);
  });
});

describe('kubectl events', () => {
  it('lists the namespace\'s events', async () => {
    const out = await tc.kubectl.ok(['events']);
    expect(out).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(out).toMatch(/Warning\s+Poked\s+ConfigMap\/subject\s+somebody poked the config map/);
  });

  it('--for narrows to one object', async () => {
    const out = await tc.kubectl.ok(['events', '--for', 'configmap/subject']);
    expect(out).toContain('Poked');
  });
});

describe('events.k8s.io/v1', () => {
  it('shows a core event in the events.k8s.io shape, and the reverse', async () => {
    const v1 = await tc.kubectl.json(['get', 'events.v1.events.k8s.io', 'subject.1']);
    expect(v1).toMatchObject({ apiVersion: 'events.k8s.io/v1', kind: 'Event', regarding: { kind: 'ConfigMap', name: 'subject' }, note: 'somebody poked the config map', deprecatedCount: 1, reason: 'Poked' });
    expect(v1.involvedObject).toBeUndefined();
    await tc.kubectl.ok(['apply', '-f', '-'], {
      input: `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: subject.2}
eventTime: "2026-01-02T00:00:00.000000Z"
regarding: {kind: ConfigMap, name: subject, namespace: default, apiVersion: v1}
reason: Prodded
note: prodded through events.k8s.io
type: Normal
action: Prod
reportingController: tester
reportingInstance: tester-1
`,
    });
    const core = await tc.kubectl.json(['get', 'events', 'subject.2']);
    expect(core).toMatchObject({ apiVersion: 'v1', involvedObject: { name: 'subject' }, message: 'prodded through events.k8s.io', reportingComponent: 'tester', action: 'Prod' });
    const out = await tc.kubectl.ok(['events', '--for', 'configmap/subject']);
    expect(out).toContain('Prodded');
    await tc.kubectl.ok(['patch', 'events.v1.events.k8s.io', 'subject.2', '--type=merge', '-p', '{"note":"patched note"}']);
    expect((await tc.kubectl.json(['get', 'events', 'subject.2'])).message).toBe('patched note');
    await tc.kubectl.ok(['delete', 'events.v1.events.k8s.io', 'subject.2']);
    expect((await tc.kubectl.run(['get', 'events', 'subject.2'])).code).not.toBe(0);
  });

  it('refuses core field names in the events.k8s.io shape', async () => {
    const r = await tc.kubectl.run(['create', '--raw', '/apis/events.k8s.io/v1/namespaces/default/events', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'bad' }, involvedObject: { name: 'x' } }),
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('BadRequest');
  });
});
