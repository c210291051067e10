/**
 * Issue 9 acceptance A6, the named classes: hostile input over HTTPS gets a
 * 4xx with a metav1.Status naming what is wrong, never a 5xx or a dropped
 * connection, and nothing is stored (each test reads the object back).
 */
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawApiClient, type ApiResponse, type RawApiClient, type StatusBody } from './helpers/api-http';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;
let api: RawApiClient;

beforeAll(async () => {
  tc = await startTestCluster();
  api = rawApiClient(tc.cluster.apiUrl, tc.cluster.token, tc.cluster.caPem);
});
afterAll(async () => {
  api?.close();
  await tc?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

/** expectStatus asserts the answer is a Failure Status with this code and reason, and returns it. */
function expectStatus(res: ApiResponse, code: number, reason: string): StatusBody {
  expect(res.status, res.text).toBe(code);
  const s = res.json as StatusBody;
  expect(s).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  return s;
}

async function expectAbsent(collection: string, name: string): Promise<void> {
  const res = await api.call('GET', `${collection}/${name}`);
  expect(res.status, `${collection}/${name} must not be stored: ${res.text}`).toBe(404);
}

function pod(name: string, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox', ...container }], ...spec } });
}

function configMap(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' }, ...extra });
}

describe('bodies past the limits, refused before decoding', () => {
  it('deeply nested JSON is a 400 naming the nesting limit', async () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-json"},"data":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const s = expectStatus(await api.call('POST', CONFIGMAPS, deep), 400, 'BadRequest');
    expect(s.message).toMatch(/nests objects or arrays deeper than the limit of 100 levels/);
    await expectAbsent(CONFIGMAPS, 'deep-json');
  });

  it('deeply nested JSON in a patch is a 400 too, and the object is unchanged', async () => {
    const created = await api.call('POST', CONFIGMAPS, configMap('deep-patch'));
    expect(created.status).toBe(201);
    const patch = `{"metadata":{"annotations":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}}`;
    const s = expectStatus(await api.call('PATCH', `${CONFIGMAPS}/deep-patch`, patch, 'application/merge-patch+json'), 400, 'BadRequest');
    expect(s.message).toMatch(/limit of 100 levels/);
    const after = (await api.call('GET', `${CONFIGMAPS}/deep-patch`)).json as { metadata: { resourceVersion: string; annotations?: unknown } };
    expect(after.metadata.resourceVersion).toBe((created.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    expect(after.metadata.annotations).toBeUndefined();
  });

  it('deeply nested YAML is a 400', async () => {
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep-yaml\ndata: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`;
    const s = expectStatus(await api.call('POST', CONFIGMAPS, yaml, 'application/yaml'), 400, 'BadRequest');
    expect(s.message).toMatch(/maxDepth \(100\)/);
    await expectAbsent(CONFIGMAPS, 'deep-yaml');
  });

  it('a YAML alias bomb is a 400, not an expansion', async () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: alias-bomb', 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
    lines.push('data: {}');
    const s = expectStatus(await api.call('POST', CONFIGMAPS, lines.join('\n'), 'application/yaml'), 400, 'BadRequest');
    expect(s.message).toMatch(/more than 1000000 values/);
    await expectAbsent(CONFIGMAPS, 'alias-bomb');
  });

  it('a body over 3 MiB is a 413 naming the limit', async () => {
    const big = configMap('too-big', { data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    const s = expectStatus(await api.call('POST', CONFIGMAPS, big), 413, 'RequestEntityTooLarge');
    expect(s.message).toMatch(/limit is 3145728/);
    await expectAbsent(CONFIGMAPS, 'too-big');
  });
});

describe('field formats: 422 Invalid with the field in the message and in details.causes', () => {
  const cases: { what: string; collection: string; name: string; body: (name: string) => string; field: string; detail: RegExp }[] = [
    { what: 'image with leading whitespace', collection: PODS, name: 'img-lead', body: (n) => pod(n, { image: ' busybox' }), field: 'spec.containers[0].image', detail: /Invalid value: " busybox": must not have leading or trailing whitespace/ },
    { what: 'image with trailing whitespace', collection: PODS, name: 'img-trail', body: (n) => pod(n, { image: 'busybox\t' }), field: 'spec.containers[0].image', detail: /must not have leading or trailing whitespace/ },
    { what: 'container name not a DNS-1123 label', collection: PODS, name: 'cname', body: (n) => pod(n, { name: 'Web_1' }), field: 'spec.containers[0].name', detail: /RFC 1123 label/ },
    { what: 'pod name not a DNS-1123 subdomain', collection: PODS, name: 'Bad_Name', body: (n) => pod(n), field: 'metadata.name', detail: /RFC 1123 subdomain/ },
    { what: 'container port out of range', collection: PODS, name: 'port-range', body: (n) => pod(n, { ports: [{ containerPort: 70000 }] }), field: 'spec.containers[0].ports[0].containerPort', detail: /must be between 1 and 65535, inclusive/ },
    { what: 'port protocol unknown', collection: PODS, name: 'port-proto', body: (n) => pod(n, { ports: [{ containerPort: 80, protocol: 'ICMP' }] }), field: 'spec.containers[0].ports[0].protocol', detail: /Unsupported value: "ICMP"/ },
    { what: 'port name not an IANA service name', collection: PODS, name: 'port-name', body: (n) => pod(n, { ports: [{ containerPort: 80, name: 'http--web-too-long' }] }), field: 'spec.containers[0].ports[0].name', detail: /must be no more than 15 characters/ },
    { what: 'env var name with =', collection: PODS, name: 'env-name', body: (n) => pod(n, { env: [{ name: 'A=B', value: '1' }] }), field: 'spec.containers[0].env[0].name', detail: /printable ASCII characters other than '='/ },
    { what: 'resource quantity malformed', collection: PODS, name: 'qty', body: (n) => pod(n, { resources: { limits: { cpu: 'lots' } } }), field: 'spec.containers[0].resources.limits[cpu]', detail: /quantities must match the regular expression/ },
    { what: 'resource quantity negative', collection: PODS, name: 'qty-neg', body: (n) => pod(n, { resources: { requests: { memory: '-1Mi' } } }), field: 'spec.containers[0].resources.requests[memory]', detail: /must be greater than or equal to 0/ },
    { what: 'request above limit', collection: PODS, name: 'qty-over', body: (n) => pod(n, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }), field: 'spec.containers[0].resources.requests[cpu]', detail: /must be less than or equal to cpu limit of 1/ },
    { what: 'probe with a negative periodSeconds', collection: PODS, name: 'probe-period', body: (n) => pod(n, { readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: -1 } }), field: 'spec.containers[0].readinessProbe.periodSeconds', detail: /must be greater than or equal to 0/ },
    { what: 'probe without a handler', collection: PODS, name: 'probe-handler', body: (n) => pod(n, { livenessProbe: { periodSeconds: 5 } }), field: 'spec.containers[0].livenessProbe', detail: /must specify a handler type/ },
    { what: 'liveness probe successThreshold other than 1', collection: PODS, name: 'probe-success', body: (n) => pod(n, { livenessProbe: { exec: { command: ['true'] }, successThreshold: 3 } }), field: 'spec.containers[0].livenessProbe.successThreshold', detail: /must be 1/ },
    { what: 'httpGet probe port out of range', collection: PODS, name: 'probe-port', body: (n) => pod(n, { readinessProbe: { httpGet: { port: 0 } } }), field: 'spec.containers[0].readinessProbe.httpGet.port', detail: /must be between 1 and 65535/ },
    { what: 'label value too long', collection: CONFIGMAPS, name: 'label-val', body: (n) => JSON.stringify({ metadata: { name: n, labels: { app: 'x'.repeat(64) } } }), field: 'metadata.labels', detail: /must be no more than 63 characters/ },
    { what: 'label key with a bad prefix', collection: CONFIGMAPS, name: 'label-key', body: (n) => JSON.stringify({ metadata: { name: n, labels: { 'Bad_Prefix/app': 'x' } } }), field: 'metadata.labels', detail: /prefix part/ },
    { what: 'annotations over 256 KiB in total', collection: CONFIGMAPS, name: 'annot-size', body: (n) => JSON.stringify({ metadata: { name: n, annotations: { a: 'x'.repeat(200_000), b: 'y'.repeat(100_000) } } }), field: 'metadata.annotations', detail: /Too long: must have at most 262144 bytes/ },
    { what: 'annotations over 256 KiB in UTF-8 bytes', collection: CONFIGMAPS, name: 'annot-bytes', body: (n) => JSON.stringify({ metadata: { name: n, annotations: { a: 'é'.repeat(140_000) } } }), field: 'metadata.annotations', detail: /Too long: must have at most 262144 bytes/ },
    { what: 'event name past 253 characters', collection: '/api/v1/namespaces/default/events', name: 'e'.repeat(300), body: (n) => JSON.stringify({ metadata: { name: n }, involvedObject: { kind: 'Pod', name: 'p' } }), field: 'metadata.name', detail: /must be no more than 253 characters/ },
    { what: 'toleration with an unknown effect', collection: PODS, name: 'tol', body: (n) => pod(n, {}, { tolerations: [{ key: 'k', operator: 'Exists', effect: 'Sometimes' }] }), field: 'spec.tolerations[0].effect', detail: /Unsupported value: "Sometimes"/ },
    { what: 'node taint key not a qualified name', collection: '/api/v1/nodes', name: 'taint-node', body: (n) => JSON.stringify({ metadata: { name: n }, spec: { taints: [{ key: 'bad key', effect: 'NoSchedule' }] } }), field: 'spec.taints[0].key', detail: /name part must consist of alphanumeric characters/ },
    { what: 'node podCIDR not a CIDR', collection: '/api/v1/nodes', name: 'cidr-node', body: (n) => JSON.stringify({ metadata: { name: n }, spec: { podCIDR: '10.0.0.0/99' } }), field: 'spec.podCIDR', detail: /must be a valid CIDR value/ },
    { what: 'endpoints port protocol unknown', collection: '/api/v1/namespaces/default/endpoints', name: 'ep-proto', body: (n) => JSON.stringify({ metadata: { name: n }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'HTTP' }] }] }), field: 'subsets[0].ports[0].protocol', detail: /Unsupported value: "HTTP"/ },
    { what: 'service externalName not a DNS name', collection: '/api/v1/namespaces/default/services', name: 'ext-svc', body: (n) => JSON.stringify({ metadata: { name: n }, spec: { type: 'ExternalName', externalName: 'not a host' } }), field: 'spec.externalName', detail: /RFC 1123 subdomain/ },
    { what: 'service port out of range', collection: '/api/v1/namespaces/default/services', name: 'port-svc', body: (n) => JSON.stringify({ metadata: { name: n }, spec: { ports: [{ port: 0 }] } }), field: 'spec.ports[0].port', detail: /must be between 1 and 65535, inclusive/ },
    {
      what: 'selector with an unknown operator',
      collection: DEPLOYMENTS,
      name: 'sel-op',
      body: (n) =>
        JSON.stringify({
          metadata: { name: n },
          spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
        }),
      field: 'spec.selector.matchExpressions[0].operator',
      detail: /Unsupported value: "Near"/,
    },
  ];
  for (const c of cases) {
    it(`${c.what} → 422 at ${c.field}`, async () => {
      const s = expectStatus(await api.call('POST', c.collection, c.body(c.name)), 422, 'Invalid');
      expect(s.message).toContain(`${c.field}: `);
      expect(s.message).toMatch(c.detail);
      expect(s.details?.causes?.some((x) => x.field === c.field && c.detail.test(x.message ?? ''))).toBe(true);
      await expectAbsent(c.collection, c.name);
    });
  }
});

describe('values of the wrong type or range: 400 at decoding, as the typed decoder answers', () => {
  const LEASES = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
  const cases: { what: string; collection: string; name: string; body: (name: string) => string; message: RegExp }[] = [
    {
      what: 'replicas beyond int32',
      collection: DEPLOYMENTS,
      name: 'huge-replicas',
      body: (n) => JSON.stringify({ metadata: { name: n }, spec: { replicas: 2 ** 40, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }),
      message: /cannot unmarshal number into Go struct field Deployment.spec.replicas of type int32/,
    },
    {
      what: 'a lease renewTime that is no timestamp',
      collection: LEASES,
      name: 'bad-time',
      body: (n) => JSON.stringify({ metadata: { name: n }, spec: { holderIdentity: 'x', renewTime: 'yesterday' } }),
      message: /cannot unmarshal string into Go struct field Lease.spec.renewTime of type v1.Time/,
    },
    {
      what: 'resource limits that are not a map of quantities',
      collection: PODS,
      name: 'bad-limits',
      body: (n) => pod(n, { resources: { limits: 5 } }),
      message: /Pod.spec.containers.resources.limits of type v1.ResourceList/,
    },
    {
      what: 'a metadata that is a list',
      collection: CONFIGMAPS,
      name: 'list-meta',
      body: () => '{"metadata":[{"name":"list-meta"}],"data":{}}',
      message: /cannot unmarshal array into Go struct field ConfigMap.metadata of type v1.ObjectMeta/,
    },
  ];
  for (const c of cases) {
    it(`${c.what} → 400`, async () => {
      const s = expectStatus(await api.call('POST', c.collection, c.body(c.name)), 400, 'BadRequest');
      expect(s.message).toMatch(c.message);
      await expectAbsent(c.collection, c.name);
    });
  }

  it('a status write of the wrong type is a 400 and leaves the status as it was', async () => {
    expect((await api.call('POST', PODS, pod('bad-status'))).status).toBe(201);
    const before = (await api.call('GET', `${PODS}/bad-status`)).json as { metadata: { resourceVersion: string } };
    const patch = JSON.stringify({ status: { containerStatuses: [{ name: 'c', restartCount: 'many' }] } });
    const s = expectStatus(await api.call('PATCH', `${PODS}/bad-status/status`, patch, 'application/merge-patch+json'), 400, 'BadRequest');
    expect(s.message).toMatch(/Pod.status.containerStatuses.restartCount of type int32/);
    const after = (await api.call('GET', `${PODS}/bad-status`)).json as { metadata: { resourceVersion: string } };
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});

describe('watch and list parameters', () => {
  it('a watch with an unparseable resourceVersion answers 400 instead of closing', async () => {
    const s = expectStatus(await api.call('GET', `${PODS}?watch=true&resourceVersion=abc`), 400, 'BadRequest');
    expect(s.message).toMatch(/invalid resource version: "abc"/);
  });

  it('a watch with a malformed selector answers 400', async () => {
    const s = expectStatus(await api.call('GET', `${PODS}?watch=1&labelSelector=${encodeURIComponent('a in ((')}`), 400, 'BadRequest');
    expect(s.message).toMatch(/unable to parse requirement/);
    const f = expectStatus(await api.call('GET', `${PODS}?watch=1&fieldSelector=spec.nope%3Dx`), 400, 'BadRequest');
    expect(f.message).toMatch(/field label not supported: spec.nope/);
  });

  const bad: [string, RegExp][] = [
    ['resourceVersion=-1', /invalid resource version/],
    ['resourceVersion=1e3', /invalid resource version/],
    ['limit=ten', /invalid value for limit/],
    ['continue=%%%', /continue key is not valid/],
    ['continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIuLi8uLi9zZWNyZXRzIn0', /continue key is not valid: invalid start key/],
    ['resourceVersion=5&continue=abc', /specifying resource version is not allowed when using continue/],
    ['watch=true&timeoutSeconds=soon', /invalid value for timeoutSeconds/],
    ['limit=1.5', /invalid value for limit/],
    ['labelSelector=%3D%3Dx', /unable to parse requirement|found '=='/],
    ['fieldSelector=metadata.name%3D%3D%3Dx', /invalid selector|field selector/],
  ];
  for (const [query, message] of bad) {
    it(`GET ?${query} → 400`, async () => {
      const s = expectStatus(await api.call('GET', `${PODS}?${query}`), 400, 'BadRequest');
      expect(s.message).toMatch(message);
    });
  }

  const badWrite: [string, string, RegExp][] = [
    ['POST', 'dryRun=Maybe', /Invalid dry run value: "Maybe"/],
    ['POST', 'fieldValidation=Loose', /fieldValidation must be one of/],
    ['DELETE', 'propagationPolicy=Sideways', /propagationPolicy: Unsupported value: "Sideways"/],
    ['DELETE', 'gracePeriodSeconds=later', /invalid value for gracePeriodSeconds/],
  ];
  for (const [method, query, message] of badWrite) {
    it(`${method} ?${query} → 400 and nothing changes`, async () => {
      const name = `q-${method.toLowerCase()}-${query.split('=')[0]!.toLowerCase()}`;
      if (method === 'DELETE') expect((await api.call('POST', CONFIGMAPS, configMap(name))).status).toBe(201);
      const path = method === 'POST' ? `${CONFIGMAPS}?${query}` : `${CONFIGMAPS}/${name}?${query}`;
      const s = expectStatus(await api.call(method, path, method === 'POST' ? configMap(name) : undefined), 400, 'BadRequest');
      expect(s.message).toMatch(message);
      const after = await api.call('GET', `${CONFIGMAPS}/${name}`);
      expect(after.status).toBe(method === 'DELETE' ? 200 : 404);
    });
  }
});

describe('methods a path does not serve: 405 with a Status', () => {
  const readOnly = ['/api', '/apis', '/apis/apps', '/api/v1', '/apis/apps/v1', '/version', '/healthz', '/readyz', '/livez', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1'];
  for (const path of readOnly) {
    for (const method of ['DELETE', 'POST', 'PUT', 'PATCH']) {
      it(`${method} ${path}`, async () => {
        const res = await api.call(method, path, method === 'DELETE' ? undefined : '{}');
        const s = expectStatus(res, 405, 'MethodNotAllowed');
        expect(s.message).toBe('the server does not allow this method on the requested resource');
        expect(String(res.headers.allow)).toContain('GET');
      });
    }
  }

  it('POST to an object, PUT or PATCH on a collection, OPTIONS anywhere', async () => {
    expect((await api.call('POST', CONFIGMAPS, configMap('m405'))).status).toBe(201);
    expectStatus(await api.call('POST', `${CONFIGMAPS}/m405`, configMap('m405')), 405, 'MethodNotAllowed');
    expectStatus(await api.call('PUT', CONFIGMAPS, configMap('m405')), 405, 'MethodNotAllowed');
    expectStatus(await api.call('PATCH', CONFIGMAPS, '{}', 'application/merge-patch+json'), 405, 'MethodNotAllowed');
    expectStatus(await api.call('OPTIONS', `${CONFIGMAPS}/m405`), 405, 'MethodNotAllowed');
  });

  it('DELETE on a subresource is a 405 and leaves the object', async () => {
    expect((await api.call('POST', PODS, pod('sub-del'))).status).toBe(201);
    expectStatus(await api.call('DELETE', `${PODS}/sub-del/status`), 405, 'MethodNotAllowed');
    expect((await api.call('GET', `${PODS}/sub-del`)).status).toBe(200);
  });

  it('a request Node cannot parse gets a 400 Status before the connection closes', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const sock = tlsConnect({ host: '127.0.0.1', port: tc.cluster.port, ca: tc.cluster.caPem, servername: 'localhost' }, () => {
        sock.write('GET /api HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
      });
      let text = '';
      sock.on('data', (d: Buffer) => (text += d.toString()));
      sock.on('end', () => resolve(text));
      sock.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1.1 400 Bad Request/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as StatusBody;
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' });
  });

  it('a malformed %-escape in the path is a 400', async () => {
    const s = expectStatus(await api.call('GET', '/api/v1/namespaces/%zz/pods'), 400, 'BadRequest');
    expect(s.message).toMatch(/invalid URL escape/);
  });
});

describe('preconditions: 409 Conflict, stored object unchanged', () => {
  it('a PUT whose metadata.uid differs from the stored one', async () => {
    const created = (await api.call('POST', CONFIGMAPS, configMap('uid-put'))).json as { metadata: { uid: string; resourceVersion: string } };
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'uid-put', uid: '00000000-0000-0000-0000-000000000000' }, data: { a: 'changed' } });
    const s = expectStatus(await api.call('PUT', `${CONFIGMAPS}/uid-put`, body), 409, 'Conflict');
    expect(s.message).toBe(
      `Operation cannot be fulfilled on configmaps "uid-put": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ${created.metadata.uid}`,
    );
    const after = (await api.call('GET', `${CONFIGMAPS}/uid-put`)).json as { data: { a: string }; metadata: { resourceVersion: string } };
    expect(after.data.a).toBe('b');
    expect(after.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('a PUT with a stale resourceVersion', async () => {
    expect((await api.call('POST', CONFIGMAPS, configMap('rv-put'))).status).toBe(201);
    const body = JSON.stringify({ metadata: { name: 'rv-put', resourceVersion: '1' }, data: { a: 'changed' } });
    const s = expectStatus(await api.call('PUT', `${CONFIGMAPS}/rv-put`, body), 409, 'Conflict');
    expect(s.message).toMatch(/the object has been modified/);
    expect(((await api.call('GET', `${CONFIGMAPS}/rv-put`)).json as { data: { a: string } }).data.a).toBe('b');
  });

  it('a patch changing metadata.uid is 422 field is immutable', async () => {
    expect((await api.call('POST', CONFIGMAPS, configMap('uid-patch'))).status).toBe(201);
    const s = expectStatus(await api.call('PATCH', `${CONFIGMAPS}/uid-patch`, '{"metadata":{"uid":"x"},"data":{"a":"c"}}', 'application/merge-patch+json'), 422, 'Invalid');
    expect(s.message).toMatch(/metadata.uid: Invalid value: "x": field is immutable/);
    expect(((await api.call('GET', `${CONFIGMAPS}/uid-patch`)).json as { data: { a: string } }).data.a).toBe('b');
  });

  it('DELETE with a uid or resourceVersion precondition that does not hold', async () => {
    expect((await api.call('POST', CONFIGMAPS, configMap('pre-del'))).status).toBe(201);
    const uid = expectStatus(await api.call('DELETE', `${CONFIGMAPS}/pre-del`, '{"preconditions":{"uid":"nope"}}'), 409, 'Conflict');
    expect(uid.message).toMatch(/Precondition failed: UID in precondition: nope/);
    const rv = expectStatus(await api.call('DELETE', `${CONFIGMAPS}/pre-del`, '{"preconditions":{"resourceVersion":"1"}}'), 409, 'Conflict');
    expect(rv.message).toMatch(/Precondition failed: ResourceVersion in precondition: 1/);
    expect((await api.call('GET', `${CONFIGMAPS}/pre-del`)).status).toBe(200);
  });

  it('a DeleteOptions body of the wrong shape is a 400 and deletes nothing', async () => {
    expect((await api.call('POST', CONFIGMAPS, configMap('bad-opts'))).status).toBe(201);
    for (const body of ['[1]', '"x"', '{"dryRun":5}', '{"preconditions":5}', '{"gracePeriodSeconds":"x"}', '{"propagationPolicy":"x"}', '{"dryRun":["Maybe"]}']) {
      expectStatus(await api.call('DELETE', `${CONFIGMAPS}/bad-opts`, body), 400, 'BadRequest');
    }
    expect((await api.call('GET', `${CONFIGMAPS}/bad-opts`)).status).toBe(200);
  });
});
