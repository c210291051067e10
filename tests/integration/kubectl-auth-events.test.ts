/**
 * Issue 15 A4 (part): `kubectl events` (kubectl 1.32 reads core/v1 events),
 * `kubectl auth can-i` (the admin token may do everything: yes) and
 * `kubectl auth whoami`.
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
