/**
 * Issue 3 acceptance A1, A2 and A4 with the real kubectl on PATH (fresh
 * --cache-dir) against a control-plane-only cluster.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

const fixtures = join(__dirname, '..', 'fixtures');
const fixture = (name: string) => join(fixtures, name);

let tc: TestCluster;
let work: string;

beforeAll(async () => {
  tc = await startTestCluster();
  work = mkdtempSync(join(tmpdir(), 'kubedeck-manifests-'));
});
afterAll(async () => {
  await tc?.stop();
});

describe('kubectl: discovery and version', () => {
  it('version reports the server', async () => {
    const out = await tc.kubectl.ok(['version', '-o', 'json']);
    const v = JSON.parse(out) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    expect(v.serverVersion.major).toBe('1');
    expect(v.serverVersion.gitVersion).toContain('kubedeck');
  });

  it('api-resources lists every served resource with its short names', async () => {
    const out = await tc.kubectl.ok(['api-resources', '--no-headers']);
    const rows = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
    const names = rows.map((r) => r[0]);
    for (const name of ['namespaces', 'pods', 'nodes', 'services', 'endpoints', 'events', 'configmaps', 'secrets', 'deployments', 'replicasets', 'leases']) {
      expect(names).toContain(name);
    }
    const short = (name: string) => rows.find((r) => r[0] === name)?.[1];
    expect(short('pods')).toBe('po');
    expect(short('deployments')).toBe('deploy');
    expect(short('replicasets')).toBe('rs');
    expect(short('services')).toBe('svc');
    expect(short('nodes')).toBe('no');
    expect(short('namespaces')).toBe('ns');
  });
});

describe('kubectl apply: created, configured, unchanged', () => {
  for (const file of ['pod.yaml', 'deployment.yaml', 'service.yaml', 'multi.yaml']) {
    it(`applies ${file} three times`, async () => {
      const path = join(work, file);
      const original = readFileSync(fixture(file), 'utf8');
      writeFileSync(path, original);
      const first = await tc.kubectl.ok(['apply', '-f', path]);
      const docs = original.split(/^---$/m).length;
      expect(first.match(/ created$/gm)?.length).toBe(docs);

      // An edit: a new annotation on every document (no fixture has top-level annotations).
      writeFileSync(path, original.replace(/^metadata:\n/gm, 'metadata:\n  annotations:\n    edited: "yes"\n'));
      const second = await tc.kubectl.ok(['apply', '-f', path]);
      expect(second.match(/ configured$/gm)?.length).toBe(docs);

      const third = await tc.kubectl.ok(['apply', '-f', path]);
      expect(third.match(/ unchanged$/gm)?.length).toBe(docs);
    });
  }

  it('stored the edit', async () => {
    const pod = await tc.kubectl.json(['get', 'pod', 'web']);
    expect(pod.metadata.annotations).toMatchObject({ edited: 'yes' });
    expect(pod.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"edited":"yes"');
  });
});

describe('kubectl get', () => {
  it('prints a Table with the pod columns, and -o wide adds IP and NODE', async () => {
    const plain = await tc.kubectl.ok(['get', 'pods']);
    expect(plain.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(plain).toMatch(/^web\s+0\/1\s+Pending\s+0\s+\S+$/m);
    const wide = await tc.kubectl.ok(['get', 'pods', '-o', 'wide']);
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
  });

  it('deployments have Ready, Up-to-date, Available columns', async () => {
    const out = await tc.kubectl.ok(['get', 'deploy']);
    expect(out.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(out).toMatch(/^api\s+0\/2\s+0\s+0\s+\S+$/m);
  });

  it('-o json, -o yaml', async () => {
    const list = await tc.kubectl.json(['get', 'configmaps']);
    expect(list.kind).toBe('List');
    expect(list.items.map((i: any) => i.metadata.name)).toContain('settings');
    const yaml = await tc.kubectl.ok(['get', 'svc', 'api', '-o', 'yaml']);
    expect(yaml).toMatch(/^kind: Service$/m);
    expect(yaml).toMatch(/targetPort: 8080/);
  });

  it('-A lists across namespaces with a NAMESPACE column', async () => {
    await tc.kubectl.ok(['create', 'configmap', 'other', '-n', 'team-a', '--from-literal=a=b']);
    const out = await tc.kubectl.ok(['get', 'configmaps', '-A']);
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE$/);
    expect(out).toMatch(/^team-a\s+other\s+1\s/m);
    expect(out).toMatch(/^default\s+settings\s+1\s/m);
  });

  it('--show-labels and -l', async () => {
    const shown = await tc.kubectl.ok(['get', 'pods', '--show-labels']);
    expect(shown).toMatch(/app=web/);
    const byLabel = await tc.kubectl.ok(['get', 'pods', '-l', 'tier=front', '-o', 'name']);
    expect(byLabel.trim()).toBe('pod/web');
    const none = await tc.kubectl.run(['get', 'pods', '-l', 'tier=back']);
    expect(none.stderr).toMatch(/No resources found in default namespace/);
  });

  it('get all shows pods, services and deployments', async () => {
    const out = await tc.kubectl.ok(['get', 'all']);
    expect(out).toMatch(/^pod\/web\s/m);
    expect(out).toMatch(/^service\/api\s/m);
    expect(out).toMatch(/^deployment\.apps\/api\s/m);
  });

  it('get -w shows a change made meanwhile', async () => {
    const w = tc.kubectl.spawn(['get', 'configmaps', '-w']);
    try {
      await waitFor(() => /settings/.test(w.output()), { what: 'initial watch output' });
      await tc.kubectl.ok(['create', 'configmap', 'made-meanwhile', '--from-literal=x=y']);
      await waitFor(() => /made-meanwhile/.test(w.output()), { what: 'the new configmap in get -w', timeoutMs: 20_000 });
    } finally {
      w.child.kill();
    }
  });
});

describe('kubectl label, annotate, patch, scale, diff, delete', () => {
  it('label and annotate', async () => {
    await tc.kubectl.ok(['label', 'pod', 'web', 'stage=test']);
    await tc.kubectl.ok(['annotate', 'pod', 'web', 'note=hello']);
    const pod = await tc.kubectl.json(['get', 'pod', 'web']);
    expect(pod.metadata.labels.stage).toBe('test');
    expect(pod.metadata.annotations.note).toBe('hello');
    await tc.kubectl.ok(['label', 'pod', 'web', 'stage-']);
    expect((await tc.kubectl.json(['get', 'pod', 'web'])).metadata.labels.stage).toBeUndefined();
  });

  it('patch: strategic (default), merge and json', async () => {
    await tc.kubectl.ok(['patch', 'deploy', 'api', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"EXTRA","value":"1"}]}]}}}}']);
    let d = await tc.kubectl.json(['get', 'deploy', 'api']);
    // Strategic merge: the container and its env are merged by name, not replaced.
    expect(d.spec.template.spec.containers[0].image).toBe('busybox:latest');
    expect(d.spec.template.spec.containers[0].env.map((e: any) => e.name).sort()).toEqual(['EXTRA', 'MODE']);
    await tc.kubectl.ok(['patch', 'deploy', 'api', '--type', 'merge', '-p', '{"metadata":{"labels":{"merged":"true"}}}']);
    await tc.kubectl.ok(['patch', 'deploy', 'api', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]']);
    d = await tc.kubectl.json(['get', 'deploy', 'api']);
    expect(d.metadata.labels.merged).toBe('true');
    expect(d.spec.replicas).toBe(4);
  });

  it('scale deploy', async () => {
    await tc.kubectl.ok(['scale', 'deploy', 'api', '--replicas=3']);
    expect((await tc.kubectl.json(['get', 'deploy', 'api'])).spec.replicas).toBe(3);
  });

  it('diff shows a pending change and stores nothing', async () => {
    const path = join(work, 'diff-deploy.yaml');
    writeFileSync(path, readFileSync(fixture('deployment.yaml'), 'utf8').replace('value: one', 'value: two'));
    const before = await tc.kubectl.json(['get', 'deploy', 'api']);
    const r = await tc.kubectl.run(['diff', '-f', path]);
    expect(r.code).toBe(1); // kubectl diff exits 1 when there are differences
    expect(r.stdout).toMatch(/^-\s+value: one$/m);
    expect(r.stdout).toMatch(/^\+\s+value: two$/m);
    const after = await tc.kubectl.json(['get', 'deploy', 'api']);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('delete waits until the object is gone', async () => {
    const out = await tc.kubectl.ok(['delete', 'configmap', 'made-meanwhile']);
    expect(out).toMatch(/configmap "made-meanwhile" deleted/);
    const r = await tc.kubectl.run(['get', 'configmap', 'made-meanwhile']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/NotFound/);
  });

  it('delete of an unscheduled pod completes at once', async () => {
    const out = await tc.kubectl.ok(['delete', 'pod', 'web', '--wait=true'], { timeoutMs: 30_000 });
    expect(out).toMatch(/pod "web" deleted/);
    expect((await tc.kubectl.run(['get', 'pod', 'web'])).code).not.toBe(0);
  });
});

describe('bad input gets kubectl-shaped errors and stores nothing', () => {
  const write = (name: string, text: string) => {
    const p = join(work, name);
    writeFileSync(p, text);
    return p;
  };
  const countConfigmaps = async () => (await tc.kubectl.json(['get', 'configmaps', '-A'])).items.length;
  const countPods = async () => (await tc.kubectl.json(['get', 'pods', '-A'])).items.length;

  it('unknown field under strict validation names the field path', async () => {
    const before = await countPods();
    const p = write('unknown-field.yaml', readFileSync(fixture('pod.yaml'), 'utf8').replace('name: web\n  labels', 'name: strict\n  labels').replace('imagePullPolicy: IfNotPresent', 'imagePullPolcy: IfNotPresent'));
    const r = await tc.kubectl.run(['apply', '-f', p]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown field "spec\.containers\[0\]\.imagePullPolcy"/);
    expect(await countPods()).toBe(before);
  });

  it('invalid object name', async () => {
    const before = await countConfigmaps();
    const r = await tc.kubectl.run(['create', 'configmap', 'Bad_Name', '--from-literal=a=b']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name"/);
    expect(await countConfigmaps()).toBe(before);
  });

  it('missing required field: a container without an image', async () => {
    const before = await countPods();
    const p = write('no-image.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: noimage\nspec:\n  containers:\n    - name: c\n');
    const r = await tc.kubectl.run(['apply', '-f', p]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Pod "noimage" is invalid: spec\.containers\[0\]\.image: Required value/);
    expect(await countPods()).toBe(before);
  });

  it('unknown kind / apiVersion', async () => {
    const p = write('unknown-kind.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const r = await tc.kubectl.run(['apply', '-f', p]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no matches for kind "Widget" in version "example.com\/v1"/);
  });

  it('409 conflict on a stale resourceVersion', async () => {
    const cm = await tc.kubectl.json(['get', 'configmap', 'settings']);
    await tc.kubectl.ok(['label', 'configmap', 'settings', 'bump=1']);
    const stale = { ...cm, data: { color: 'red' } };
    const p = write('stale.json', JSON.stringify(stale));
    const r = await tc.kubectl.run(['replace', '-f', p]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again/);
    expect((await tc.kubectl.json(['get', 'configmap', 'settings'])).data.color).toBe('blue');
  });

  it('404 not found', async () => {
    const r = await tc.kubectl.run(['get', 'pod', 'does-not-exist']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/pods "does-not-exist" not found/);
  });

  it('malformed YAML', async () => {
    const before = await countConfigmaps();
    const p = write('malformed.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: [\n');
    const r = await tc.kubectl.run(['apply', '-f', p]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/yaml|line/i);
    expect(await countConfigmaps()).toBe(before);
  });

  it('malformed body sent to the server is a 400 naming the problem', async () => {
    const res = await rawRequest('POST', '/api/v1/namespaces/default/configmaps', tc.cluster.token, '{"kind": "ConfigMap", "metadata": {');
    expect(res.code).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
    expect(res.body.message).toMatch(/JSON/);
  });

  it('a body over 3 MiB is refused with 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } });
    const res = await rawRequest('POST', '/api/v1/namespaces/default/configmaps', tc.cluster.token, big);
    expect(res.code).toBe(413);
    expect((await rawRequest('GET', '/api/v1/namespaces/default/configmaps/big', tc.cluster.token)).code).toBe(404);
  });
});

describe('authentication and binding', () => {
  const families = [
    ['GET', '/api'],
    ['GET', '/apis'],
    ['GET', '/api/v1'],
    ['GET', '/apis/apps/v1'],
    ['GET', '/openapi/v3'],
    ['GET', '/openapi/v3/api/v1'],
    ['GET', '/api/v1/namespaces/default/pods'],
    ['GET', '/api/v1/pods?watch=true'],
    ['POST', '/api/v1/namespaces/default/configmaps'],
    ['PUT', '/api/v1/namespaces/default/configmaps/settings'],
    ['PATCH', '/api/v1/namespaces/default/configmaps/settings'],
    ['DELETE', '/api/v1/namespaces/default/configmaps/settings'],
    ['GET', '/api/v1/namespaces/default/pods/web/log'],
    ['GET', '/apis/apps/v1/namespaces/default/deployments/api/scale'],
    ['GET', '/api/v1/nodes'],
  ] as const;

  for (const [method, path] of families) {
    it(`${method} ${path} without a valid token is 401`, async () => {
      const none = await rawRequest(method, path, undefined, method === 'GET' ? undefined : '{}');
      expect(none.code).toBe(401);
      const wrong = await rawRequest(method, path, 'not-the-token', method === 'GET' ? undefined : '{}');
      expect(wrong.code).toBe(401);
    });
  }

  it('a WebSocket upgrade without the token is refused', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: tc.cluster.port,
          path: '/api/v1/namespaces/default/pods/web/exec?command=sh&stdout=true',
          ca: tc.cluster.caPem,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'v5.channel.k8s.io' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('upgrade', () => resolve(101));
      req.on('error', reject);
      req.end();
    });
    expect(code).toBe(401);
  });

  it('health probes and /version answer anonymously', async () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/version']) {
      expect((await rawRequest('GET', path, undefined)).code).toBe(200);
    }
  });

  it('the listener is bound to 127.0.0.1 only', async () => {
    expect(tc.cluster.apiAddress).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    // Not reachable on any other address of the machine.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal)
      .map((i) => i!.address);
    // All at once: a machine with many container bridges has dozens of addresses, and one that drops
    // packets instead of refusing them costs the whole 2 s timeout.
    const reachable = await Promise.all(
      others.map(
        (ip) =>
          new Promise<string | undefined>((resolve) => {
            const s = connect({ host: ip, port: tc.cluster.port, timeout: 2000 });
            s.once('connect', () => {
              s.destroy();
              resolve(ip);
            });
            s.once('timeout', () => {
              s.destroy();
              resolve(undefined);
            });
            s.once('error', () => resolve(undefined));
          }),
      ),
    );
    expect(reachable.filter(Boolean), 'API reachable on these addresses').toEqual([]);
  });
});

function rawRequest(method: string, path: string, token: string | undefined, body?: string): Promise<{ code: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: tc.cluster.port,
        method,
        path,
        ca: tc.cluster.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined
            ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'Content-Length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          if (path.includes('watch=true')) res.destroy();
        });
        res.on('close', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (e.g. "ok" from a probe)
          }
          resolve({ code: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
