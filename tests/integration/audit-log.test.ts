/**
 * Issue 13 A2: `<data-dir>/audit.log` holds audit.k8s.io/v1 Events, one JSON
 * line each, readable by `jq`, naming who made each mutating request:
 * kubectl (the real one), the deployment and replicaset controllers, the
 * scheduler, the kubelet of the node, the app (the UI server's forwarding);
 * with the resulting resourceVersion. Rotation keeps every file under the
 * bound. Hollow nodes stand in for Docker.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/main/apiserver/audit/event';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { hollowKubeletComponent } from '../../src/main/kubelet-hollow/component';
import { GVR } from '../../src/shared/api/resources';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { requireTool, waitFor } from './helpers/tools';

const run = promisify(execFile);
const BOUND = 64 * 1024;
const BACKUPS = 2;
let t: TestCluster;

beforeAll(async () => {
  // jq is the reader A2 names; under CI a missing jq fails here rather than skipping.
  await requireTool('jq', ['--version']);
  t = await startTestCluster({
    audit: { maxSizeBytes: BOUND, maxBackups: BACKUPS },
    components: [hollowKubeletComponent({ nodes: 1, leaseRenewMs: 0 }), controllerManagerComponent(), schedulerComponent()],
  });
});

afterAll(async () => {
  await t?.stop();
});

const logPath = () => join(t.dataDir, 'audit.log');
const events = (): AuditEvent[] =>
  readFileSync(logPath(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);

describe('audit log', () => {
  it('names each component on the path of a kubectl-created Deployment, with the resulting resourceVersion', async () => {
    await t.kubectl.ok(['create', 'deployment', 'web', '--image=busybox:1', '--replicas=2']);
    await waitFor(async () => (await t.kubectl.ok(['get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}'])).trim() === '2', { timeoutMs: 30_000, what: '2 ready replicas' });
    await t.cluster.flushAudit();
    const all = events();
    for (const e of all) {
      expect(e).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete' });
      expect(Date.parse(e.stageTimestamp)).toBeGreaterThanOrEqual(Date.parse(e.requestReceivedTimestamp));
    }
    const find = (user: string, verb: string, resource: string, subresource?: string) =>
      all.find((e) => e.user.username === user && e.verb === verb && e.objectRef.resource === resource && e.objectRef.subresource === subresource);

    const created = find('kubectl', 'create', 'deployments');
    expect(created?.userAgent).toMatch(/^kubectl\//);
    expect(created?.requestURI).toBe('/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict');
    // The resourceVersion the create produced is the Deployment's first; kubectl sees a later one once controllers wrote status.
    const uid = (await t.kubectl.ok(['get', 'deployment', 'web', '-o', 'jsonpath={.metadata.uid}'])).trim();
    expect(created?.objectRef).toMatchObject({ name: 'web', namespace: 'default', apiGroup: 'apps', apiVersion: 'v1', uid });
    const rv = Number((await t.kubectl.ok(['get', 'deployment', 'web', '-o', 'jsonpath={.metadata.resourceVersion}'])).trim());
    const writes = all.filter((e) => e.objectRef.resource === 'deployments' && e.objectRef.name === 'web' && e.responseStatus.code < 300);
    expect(writes.at(-1)?.objectRef.resourceVersion).toBe(String(rv));

    expect(find('deployment-controller', 'create', 'replicasets')).toBeDefined();
    const podCreate = find('replicaset-controller', 'create', 'pods');
    expect(podCreate?.objectRef.resourceVersion).toMatch(/^\d+$/);
    expect(find('default-scheduler', 'create', 'pods', 'binding')).toBeDefined();
    expect(find('kubelet/hollow-node-0', 'update', 'pods', 'status')).toBeDefined();
    // Revisions increase along the path: Deployment, ReplicaSet, pod, binding.
    const order = [created, find('deployment-controller', 'create', 'replicasets'), podCreate].map((e) => Number(e?.objectRef.resourceVersion));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // jq reads the file as it is.
    const { stdout } = await run('jq', ['-r', 'select(.verb == "create" and .objectRef.resource == "deployments") | .user.username', logPath()]);
    expect(stdout.trim().split('\n')).toContain('kubectl');
  });

  it('names the app for requests the UI server forwards', async () => {
    const server = createServer((req, res) => t.cluster.handleApiRequest(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/5.0 test' },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-app' } }),
      });
      expect(res.status).toBe(201);
    } finally {
      await new Promise((r) => server.close(r));
    }
    await t.cluster.flushAudit();
    const ev = events().find((e) => e.objectRef.resource === 'configmaps' && e.objectRef.name === 'from-app');
    expect(ev?.user.username).toBe('kubedeck-app');
    expect(ev?.responseStatus.code).toBe(201);
  });

  it('rotates: no file exceeds the bound and at most the configured backups are kept', async () => {
    const client = t.cluster.client.forComponent!('load-writer');
    for (let i = 0; i < 150; i++) await client.create(GVR.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `load-${i}` }, data: { i: String(i) } });
    await t.cluster.flushAudit();
    const files = readdirSync(t.dataDir).filter((f) => /^audit.*\.log$/.test(f));
    const backups = files.filter((f) => f !== 'audit.log');
    expect(backups.length).toBeGreaterThan(0);
    expect(backups.length).toBeLessThanOrEqual(BACKUPS);
    for (const f of files) expect(statSync(join(t.dataDir, f)).size).toBeLessThanOrEqual(BOUND);
    // Every rotated file is whole JSON lines.
    for (const f of backups) for (const line of readFileSync(join(t.dataDir, f), 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    const last = events().at(-1);
    expect(last?.user.username).toBe('load-writer');
  });
});
