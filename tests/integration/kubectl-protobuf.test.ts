/**
 * kubectl's typed-client commands (create configmap|secret|namespace|deployment|service)
 * send their objects as Kubernetes protobuf. Against a control-plane-only
 * cluster, each must be accepted and stored as the same object JSON would give.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
let work: string;
const ns = 'pb';

beforeAll(async () => {
  tc = await startTestCluster();
  work = mkdtempSync(join(tmpdir(), 'kubedeck-pb-'));
  await tc.kubectl.ok(['create', 'namespace', ns]);
});
afterAll(async () => {
  await tc?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('kubectl create with protobuf bodies', () => {
  it('create namespace stores the namespace (Active)', async () => {
    const got = await tc.kubectl.json<{ kind: string; metadata: { name: string; uid: string }; status: { phase: string } }>(['get', 'namespace', ns]);
    expect(got.kind).toBe('Namespace');
    expect(got.metadata.name).toBe(ns);
    expect(got.metadata.uid).toBeTruthy();
    expect(got.status.phase).toBe('Active');
  });

  it('create configmap stores data and binaryData', async () => {
    const file = join(work, 'blob.bin');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0x00, 0xfe]), randomBytes(512)]));
    const out = await tc.kubectl.ok(['-n', ns, 'create', 'configmap', 'cfg', '--from-literal=a=b', '--from-literal=empty=', `--from-file=blob=${file}`]);
    expect(out).toContain('configmap/cfg created');
    const got = await tc.kubectl.json<{ data: Record<string, string>; binaryData: Record<string, string>; metadata: { namespace: string } }>([
      '-n',
      ns,
      'get',
      'configmap',
      'cfg',
    ]);
    expect(got.metadata.namespace).toBe(ns);
    expect(got.data).toEqual({ a: 'b', empty: '' });
    expect(got.binaryData).toEqual({ blob: readFileSync(file).toString('base64') });
  });

  it('create secret generic stores base64 data and type Opaque', async () => {
    await tc.kubectl.ok(['-n', ns, 'create', 'secret', 'generic', 'sec', '--from-literal=user=admin', '--from-literal=pass=s3cr3t!']);
    const got = await tc.kubectl.json<{ type: string; data: Record<string, string> }>(['-n', ns, 'get', 'secret', 'sec']);
    expect(got.type).toBe('Opaque');
    expect(Buffer.from(got.data.user!, 'base64').toString()).toBe('admin');
    expect(Buffer.from(got.data.pass!, 'base64').toString()).toBe('s3cr3t!');
  });

  it('create deployment stores replicas, selector, labels, containers and ports', async () => {
    await tc.kubectl.ok(['-n', ns, 'create', 'deployment', 'web', '--image=busybox', '--replicas=2', '--port=8080']);
    const got = await tc.kubectl.json<any>(['-n', ns, 'get', 'deployment', 'web']);
    expect(got.apiVersion).toBe('apps/v1');
    expect(got.metadata.labels).toEqual({ app: 'web' });
    expect(got.spec.replicas).toBe(2);
    expect(got.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(got.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(got.spec.template.spec.containers).toHaveLength(1);
    expect(got.spec.template.spec.containers[0]).toMatchObject({ name: 'busybox', image: 'busybox', ports: [{ containerPort: 8080 }] });
  });

  it('create service clusterip stores ports with targetPort, selector and type', async () => {
    await tc.kubectl.ok(['-n', ns, 'create', 'service', 'clusterip', 's', '--tcp=80:8080']);
    const got = await tc.kubectl.json<any>(['-n', ns, 'get', 'service', 's']);
    expect(got.spec.type).toBe('ClusterIP');
    expect(got.spec.selector).toEqual({ app: 's' });
    expect(got.spec.ports).toHaveLength(1);
    expect(got.spec.ports[0]).toMatchObject({ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 });
  });

  it('create service nodeport keeps the requested nodePort and a named targetPort', async () => {
    await tc.kubectl.ok(['-n', ns, 'create', 'service', 'nodeport', 'np', '--tcp=81:http', '--node-port=30081']);
    const got = await tc.kubectl.json<any>(['-n', ns, 'get', 'service', 'np']);
    expect(got.spec.type).toBe('NodePort');
    expect(got.spec.ports[0]).toMatchObject({ port: 81, targetPort: 'http', nodePort: 30081 });
  });

  it('run stores the pod with labels, env, port and args (kubectl sends this one as JSON)', async () => {
    await tc.kubectl.ok(['-n', ns, 'run', 'p', '--image=busybox', '--labels=a=b', '--env=K=V', '--port=80', '--', 'sleep', '3600']);
    const got = await tc.kubectl.json<any>(['-n', ns, 'get', 'pod', 'p']);
    expect(got.metadata.labels).toEqual({ a: 'b' });
    expect(got.spec.containers[0]).toMatchObject({ name: 'p', image: 'busybox', args: ['sleep', '3600'], env: [{ name: 'K', value: 'V' }], ports: [{ containerPort: 80 }] });
  });

  it('create --dry-run=server answers but stores nothing', async () => {
    const out = await tc.kubectl.ok(['-n', ns, 'create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server']);
    expect(out).toContain('configmap/dry created (server dry run)');
    const r = await tc.kubectl.run(['-n', ns, 'get', 'configmap', 'dry']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('NotFound');
  });

  it('a second create of the same name is AlreadyExists, not a decoding error', async () => {
    const r = await tc.kubectl.run(['-n', ns, 'create', 'configmap', 'cfg', '--from-literal=a=b']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('configmaps "cfg" already exists');
  });
});
