/**
 * Issue 15 acceptance A3: server-side apply with the real kubectl (fresh
 * --cache-dir) against a control-plane-only cluster — conflicts between
 * field managers, --force-conflicts, --show-managed-fields, and client-side
 * apply followed by server-side apply of the same file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
const ns = 'ssa';

function deployment(name: string, replicas: number, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: demo}]
${extra}`;
}

interface Managed {
  manager: string;
  operation: string;
  fieldsV1: Record<string, any>;
}

async function managers(name: string): Promise<Managed[]> {
  const obj = await tc.kubectl.json(['get', 'deployment', name, '-n', ns, '--show-managed-fields']);
  return obj.metadata.managedFields as Managed[];
}

beforeAll(async () => {
  // No controllers: only the objects the test writes, with only the managers it names.
  tc = await startTestCluster({ components: [] });
  await tc.kubectl.ok(['create', 'namespace', ns]);
}, 60_000);

afterAll(async () => {
  await tc?.stop();
});

describe('kubectl apply --server-side', () => {
  it('two field managers applying the same field conflict (409 naming the owner and the field); --force-conflicts takes it over', async () => {
    await tc.kubectl.ok(['apply', '--server-side', '--field-manager=alice', '-f', '-'], { input: deployment('shared', 2) });
    const refused = await tc.kubectl.run(['apply', '--server-side', '--field-manager=bob', '-f', '-'], { input: deployment('shared', 3) });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(refused.stderr).toContain('--force-conflicts');

    // The raw answer is Kubernetes' 409 with a FieldManagerConflict cause.
    const raw = await tc.kubectl.run(['apply', '--server-side', '--field-manager=bob', '-f', '-', '-v=8'], { input: deployment('shared', 3) });
    expect(raw.stderr).toMatch(/Response Status: 409 Conflict/);
    // kubectl -v=8 logs the body with its quotes escaped.
    const body = raw.stderr.replaceAll('\\"', '"');
    expect(body).toContain('"reason":"FieldManagerConflict"');
    expect(body).toContain('"field":".spec.replicas"');

    const forced = await tc.kubectl.ok(['apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', '-'], { input: deployment('shared', 3) });
    expect(forced).toContain('deployment.apps/shared serverside-applied');
    const obj = await tc.kubectl.json(['get', 'deployment', 'shared', '-n', ns]);
    expect(obj.spec.replicas).toBe(3);

    const all = await managers('shared');
    const alice = all.find((m) => m.manager === 'alice');
    const bob = all.find((m) => m.manager === 'bob');
    expect(alice?.operation).toBe('Apply');
    expect(bob?.operation).toBe('Apply');
    expect(bob!.fieldsV1['f:spec']['f:replicas']).toEqual({});
    // Alice lost replicas and keeps what she shares with bob.
    expect(alice!.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(alice!.fieldsV1['f:spec']['f:template']).toBeDefined();
  });

  it('--dry-run=server and diff --server-side compute the apply without storing it', async () => {
    const before = await tc.kubectl.json(['get', 'deployment', 'shared', '-n', ns]);
    const dry = await tc.kubectl.ok(['apply', '--server-side', '--field-manager=bob', '--dry-run=server', '-o', 'json', '-f', '-'], { input: deployment('shared', 7) });
    expect(JSON.parse(dry).spec.replicas).toBe(7);
    const diff = await tc.kubectl.run(['diff', '--server-side', '--field-manager=bob', '-f', '-'], { input: deployment('shared', 7) });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^-\s+replicas: 3$/m);
    expect(diff.stdout).toMatch(/^\+\s+replicas: 7$/m);
    const after = await tc.kubectl.json(['get', 'deployment', 'shared', '-n', ns]);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('--show-managed-fields shows the managers; the default output does not', async () => {
    const shown = await tc.kubectl.ok(['get', 'deployment', 'shared', '-n', ns, '-o', 'yaml', '--show-managed-fields']);
    expect(shown).toContain('managedFields:');
    expect(shown).toContain('manager: alice');
    expect(shown).toContain('manager: bob');
    expect(shown).toContain('operation: Apply');
    expect(shown).toContain('fieldsType: FieldsV1');
    expect(shown).toContain('k:{"name":"web"}:');
    const plain = await tc.kubectl.ok(['get', 'deployment', 'shared', '-n', ns, '-o', 'yaml']);
    expect(plain).not.toContain('managedFields');
  });

  it('removes a field the applier dropped from its configuration when no other manager owns it', async () => {
    await tc.kubectl.ok(['apply', '--server-side', '--field-manager=carol', '-f', '-'], { input: deployment('prune', 1, '  minReadySeconds: 5\n') });
    expect((await tc.kubectl.json(['get', 'deployment', 'prune', '-n', ns])).spec.minReadySeconds).toBe(5);
    await tc.kubectl.ok(['apply', '--server-side', '--field-manager=carol', '-f', '-'], { input: deployment('prune', 1) });
    expect((await tc.kubectl.json(['get', 'deployment', 'prune', '-n', ns])).spec.minReadySeconds).toBeUndefined();
  });

  it('client-side apply then server-side apply of the same file: no conflict, no duplicate list entries', async () => {
    const file = deployment('migrate', 2);
    expect(await tc.kubectl.ok(['apply', '-f', '-'], { input: file })).toContain('deployment.apps/migrate created');
    const csa = await managers('migrate');
    expect(csa.map((m) => `${m.manager}/${m.operation}`)).toContain('kubectl-client-side-apply/Update');

    expect(await tc.kubectl.ok(['apply', '--server-side', '-f', '-'], { input: file })).toContain('deployment.apps/migrate serverside-applied');
    const obj = await tc.kubectl.json(['get', 'deployment', 'migrate', '-n', ns]);
    expect(obj.spec.replicas).toBe(2);
    const containers = obj.spec.template.spec.containers;
    expect(containers).toHaveLength(1);
    expect(containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(containers[0].env).toEqual([{ name: 'MODE', value: 'demo' }]);
    expect((await managers('migrate')).some((m) => m.manager === 'kubectl' && m.operation === 'Apply')).toBe(true);

    // And back: client-side apply of an edit after server-side apply still works, without duplicates.
    const edited = file.replace('replicas: 2', 'replicas: 4');
    expect(await tc.kubectl.ok(['apply', '-f', '-'], { input: edited })).toContain('deployment.apps/migrate configured');
    const after = await tc.kubectl.json(['get', 'deployment', 'migrate', '-n', ns]);
    expect(after.spec.replicas).toBe(4);
    expect(after.spec.template.spec.containers).toHaveLength(1);

    // And forth again with an edit: what client-side apply last applied passes to kubectl without --force-conflicts, as in Kubernetes.
    const ssaEdit = file.replace('replicas: 2', 'replicas: 5');
    const r = await tc.kubectl.run(['apply', '--server-side', '-f', '-'], { input: ssaEdit });
    expect(r.stdout).toContain('deployment.apps/migrate serverside-applied');
    expect((await tc.kubectl.json(['get', 'deployment', 'migrate', '-n', ns])).spec.replicas).toBe(5);
  });

  it('a Service: client-side apply, then server-side apply twice keeps its ports once and its allocated cluster IP', async () => {
    const file = `apiVersion: v1
kind: Service
metadata: {name: front, namespace: ${ns}}
spec:
  selector: {app: front}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
    await tc.kubectl.ok(['apply', '-f', '-'], { input: file });
    const ip = (await tc.kubectl.json(['get', 'service', 'front', '-n', ns])).spec.clusterIP as string;
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await tc.kubectl.ok(['apply', '--server-side', '-f', '-'], { input: file });
    await tc.kubectl.ok(['apply', '--server-side', '-f', '-'], { input: file });
    const svc = await tc.kubectl.json(['get', 'service', 'front', '-n', ns]);
    expect(svc.spec.clusterIP).toBe(ip);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });

  it('records Update managers for kubectl create, scale (the scale subresource, under the default manager) and label', async () => {
    await tc.kubectl.ok(['create', 'deployment', 'plain', '-n', ns, '--image=nginx:1.27']);
    await tc.kubectl.ok(['scale', 'deployment', 'plain', '-n', ns, '--replicas=3']);
    await tc.kubectl.ok(['label', 'deployment', 'plain', '-n', ns, 'tier=front']);
    const byName = new Map((await managers('plain')).map((m) => [m.manager, m]));
    expect(byName.get('kubectl-create')?.operation).toBe('Update');
    // kubectl scale names no field manager: the user agent's product is the manager, as in Kubernetes.
    expect(byName.get('kubectl')).toMatchObject({ operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(byName.get('kubectl-create')?.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    expect(byName.get('kubectl-label')?.fieldsV1['f:metadata']['f:labels']['f:tier']).toEqual({});
  });
});
