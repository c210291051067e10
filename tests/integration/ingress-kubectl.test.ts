/**
 * Issue 16 A5: an Ingress of class kubedeck routes host and path rules to
 * Services, answered by the ingress controller's HAProxy on 127.0.0.1
 * (ports from its options, as config.yaml `ingress:` gives them: free,
 * non-privileged ones here). Driven by the real kubectl; requests come from
 * the host with curl (Host header, --resolve for TLS) and node's tls (SNI).
 * Two Deployments (web, api) behind two Services; `/` goes to web, Prefix
 * `/api` to api (element-wise: `/apis` stays web's), Exact `/api/exact` to
 * web, an unknown host gets 404 then the default backend once one is set;
 * TLS for web.localhost comes from a kubernetes.io/tls Secret made with
 * openssl, and the server presents exactly that certificate. The container
 * is adopted by a restarted controller and removed with the cluster.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ingress, IngressClass } from '../../src/shared/api/networking';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { endpointsControllerComponent } from '../../src/main/controller/endpoints/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { clusterIdFor } from '../../src/main/cluster/identity';
import { LABEL_CLUSTER, LABEL_PROXY } from '../../src/main/proxy/haproxy-config';
import { freePort, ingressContainerName } from '../../src/main/ingress/ingress-container';
import { startIngressController, type RunningIngress } from '../../src/main/ingress/component';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';
import { requireTool, waitFor } from './helpers/tools';

const run = testRunId();
const node = `kd-ing-${run}`;
const ns = `ing-${run}`;
const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-ingress-'));
const certDir = mkdtempSync(join(tmpdir(), 'kubedeck-ingress-cert-'));
const clusterId = clusterIdFor(dataDir);
const exec = promisify(execFile);
let tc: TestCluster;
let rt: DockerRuntime;
let ingress: RunningIngress | undefined;
let httpPort = 0;
let httpsPort = 0;

/** An httpd serving files that name the pod's app, so each answer says which Service took it. */
function deployment(app: string, files: Record<string, string>): string {
  const script = ['mkdir -p /www/api', ...Object.entries(files).map(([f, body]) => `echo ${body} > /www/${f}`), 'exec httpd -f -p 8080 -h /www'].join(' && ');
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: busybox:latest
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", ${JSON.stringify(script)}]
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: ${app}}
spec:
  selector: {app: ${app}}
  ports: [{name: http, port: 80, targetPort: http}]
`;
}

const manifests = `${deployment('web', { 'index.html': 'web-root', apis: 'web-apis', 'api/exact': 'web-exact' })}---
${deployment('api', { 'index.html': 'api-root', 'api/hello': 'api-hello', 'api/exact': 'api-exact' })}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  tls: [{hosts: [web.localhost], secretName: web-tls}]
  rules:
  - host: web.localhost
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
      - {path: /api/exact, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
  - host: "*.apps.localhost"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
`;

/** curl fetches a URL from the host: status and body. */
async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await exec('curl', ['-sS', '--max-time', '5', '-w', '\n%{http_code}', ...args]);
  const lines = stdout.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: lines.join('\n').trim() };
}

/** get asks the ingress for path with a Host header, as a browser resolving *.localhost to 127.0.0.1 would. */
const get = (host: string, path: string) => curl(['-H', `Host: ${host}`, `http://127.0.0.1:${httpPort}${path}`]);

/** until polls get until the answer has the status (routes follow Endpoints and the reload). */
async function until(host: string, path: string, status: number, body?: string) {
  return waitFor(
    async () => {
      const r = await get(host, path);
      return r.status === status && (body === undefined || r.body === body) ? r : undefined;
    },
    { timeoutMs: 60_000, what: `${host}${path} → ${status} ${body ?? ''}` },
  );
}

beforeAll(async () => {
  await requireTool('curl', ['--version']);
  await requireTool('openssl', ['version']);
  rt = await connectTestRuntime();
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ dataDir, components: [controllerManagerComponent(), schedulerComponent(), endpointsControllerComponent(), ...k.components], podStreams: k.podStreams });
  ingress = startIngressController(tc.cluster.client, clusterId, () => {}, { docker: rt.docker, httpPort, httpsPort });
  await ingress.ready;
  // The controller makes the default class on its first sync; Ingresses created after it get it by admission.
  await waitFor(async () => (await tc.kubectl.run(['get', 'ingressclass', 'kubedeck'])).code === 0, { what: 'IngressClass kubedeck' });
  await exec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=web.localhost', '-addext', 'subjectAltName=DNS:web.localhost', '-keyout', join(certDir, 'tls.key'), '-out', join(certDir, 'tls.crt')]);
  await tc.kubectl.ok(['create', 'namespace', ns]);
  await tc.kubectl.ok(['create', 'secret', 'tls', 'web-tls', '-n', ns, '--cert', join(certDir, 'tls.crt'), '--key', join(certDir, 'tls.key')]);
  await tc.kubectl.ok(['apply', '-n', ns, '-f', '-'], { input: manifests });
}, 120_000);

afterAll(async () => {
  await ingress?.stop();
  await tc?.stop();
  rmSync(certDir, { recursive: true, force: true });
  if (!rt) return;
  await cleanupByLabel(rt, TEST_LABEL, run);
  await cleanupByLabel(rt, LABEL_CLUSTER, clusterId);
}, 60_000);

describe('Ingress (A5)', () => {
  it('the kubedeck IngressClass is the default, names the ports, and kubectl shows the Ingress with class, hosts, address 127.0.0.1 and ports', async () => {
    const cls = await tc.kubectl.json<IngressClass>(['get', 'ingressclass', 'kubedeck']);
    expect(cls.spec?.controller).toBe('kubedeck.io/ingress-haproxy');
    expect(cls.metadata.annotations).toMatchObject({
      'ingressclass.kubernetes.io/is-default-class': 'true',
      'ingress.kubedeck.io/http-port': String(httpPort),
      'ingress.kubedeck.io/https-port': String(httpsPort),
    });
    // Applied after the class existed: the admission gave it the default class.
    const ing = await waitFor(
      async () => {
        const i = await tc.kubectl.json<Ingress>(['get', 'ingress', 'web', '-n', ns]);
        return i.status?.loadBalancer?.ingress?.length ? i : undefined;
      },
      { timeoutMs: 30_000, what: 'Ingress address' },
    );
    expect(ing.spec?.ingressClassName).toBe('kubedeck');
    expect(ing.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1' }]);
    const table = await tc.kubectl.ok(['get', 'ingress', '-n', ns]);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE$/);
    expect(table.split('\n')[1]).toMatch(/^web\s+kubedeck\s+web\.localhost,\*\.apps\.localhost\s+127\.0\.0\.1\s+80, 443\s+\S+$/);
    expect(await tc.kubectl.ok(['get', 'ingressclass'])).toMatch(/^kubedeck\s+kubedeck\.io\/ingress-haproxy\s+<none>\s+\S+$/m);
  }, 60_000);

  it('routes web.localhost/ to web and /api to api, Prefix element-wise, Exact over Prefix, a wildcard host', async () => {
    await until('web.localhost', '/', 200, 'web-root');
    await until('web.localhost', '/api/hello', 200, 'api-hello');
    // The same Host with a port, in another case, as browsers and curl send it.
    expect(await curl(['-H', `Host: WEB.localhost:${httpPort}`, `http://127.0.0.1:${httpPort}/api/hello`])).toEqual({ status: 200, body: 'api-hello' });
    expect(await get('web.localhost', '/apis')).toEqual({ status: 200, body: 'web-apis' });
    expect(await get('web.localhost', '/api/exact')).toEqual({ status: 200, body: 'web-exact' });
    // Exact only the very path: with a trailing slash it is api's Prefix (busybox httpd has no such file: 404 from api).
    expect((await get('web.localhost', '/api/exact/')).status).toBe(404);
    // A wildcard host matches one label.
    expect(await get('shop.apps.localhost', '/')).toEqual({ status: 200, body: 'api-root' });
    expect(await get('a.shop.apps.localhost', '/')).toEqual({ status: 404, body: '404 page not found' });
  }, 90_000);

  it('an unknown host gets 404, then the default backend once an Ingress declares one', async () => {
    expect(await get('other.localhost', '/')).toEqual({ status: 404, body: '404 page not found' });
    await tc.kubectl.ok(['apply', '-n', ns, '-f', '-'], {
      input: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: fallback}\nspec:\n  defaultBackend: {service: {name: api, port: {number: 80}}}\n',
    });
    await until('other.localhost', '/', 200, 'api-root');
    // Rules still win over the default backend.
    expect(await get('web.localhost', '/')).toEqual({ status: 200, body: 'web-root' });
  }, 90_000);

  it('kubectl create ingress (protobuf) makes a route that answers', async () => {
    await tc.kubectl.ok(['create', 'ingress', 'quick', '-n', ns, '--rule=quick.localhost/*=web:80', '--rule=quick.localhost/hello=api:http']);
    expect((await tc.kubectl.json<Ingress>(['get', 'ingress', 'quick', '-n', ns])).spec?.ingressClassName).toBe('kubedeck');
    await until('quick.localhost', '/', 200, 'web-root');
    // `--rule host/path=…` without `*` is Exact: /hello goes to api (no such file there: 404 from busybox, not the ingress's own 404 page).
    const r = await get('quick.localhost', '/hello');
    expect(r.status).toBe(404);
    expect(r.body).not.toBe('404 page not found');
  }, 60_000);

  it('HTTPS for web.localhost answers with the Secret’s certificate (SNI), verified by curl against it', async () => {
    const pem = readFileSync(join(certDir, 'tls.crt'), 'utf8');
    const want = new X509Certificate(pem).fingerprint256;
    const seen = await waitFor(
      () =>
        new Promise<string | undefined>((resolve) => {
          const s = connect({ host: '127.0.0.1', port: httpsPort, servername: 'web.localhost', rejectUnauthorized: false }, () => {
            const fp = s.getPeerX509Certificate()?.fingerprint256;
            s.end();
            resolve(fp);
          });
          s.on('error', () => resolve(undefined));
        }),
      { timeoutMs: 30_000, what: 'TLS handshake on the ingress' },
    );
    expect(seen).toBe(want);
    const r = await curl(['--cacert', join(certDir, 'tls.crt'), '--resolve', `web.localhost:${httpsPort}:127.0.0.1`, `https://web.localhost:${httpsPort}/api/hello`]);
    expect(r).toEqual({ status: 200, body: 'api-hello' });
  }, 60_000);

  it('a restarted controller adopts the container (same id and ports); it carries the cluster label', async () => {
    const list = async () => rt.docker.listContainers({ all: true, filters: { label: [`${LABEL_PROXY}=ingress`, `${LABEL_CLUSTER}=${clusterId}`] } });
    const before = await list();
    expect(before.map((c) => c.Names[0])).toEqual([`/${ingressContainerName(clusterId)}`]);
    await ingress!.stop();
    ingress = startIngressController(tc.cluster.client, clusterId, () => {}, { docker: rt.docker, httpPort, httpsPort });
    const c = await ingress.ready;
    await waitFor(() => c.ports(), { what: 'adopted ports' });
    expect(c.ports()).toEqual({ http: httpPort, https: httpsPort });
    expect((await list()).map((x) => x.Id)).toEqual(before.map((x) => x.Id));
    expect(await get('web.localhost', '/')).toEqual({ status: 200, body: 'web-root' });
  }, 60_000);
});
