/**
 * Issue 16 item 7 for Ingresses, against `npm run serve` with real Docker and
 * the ingress on ports from config.yaml (non-privileged, free): the list row
 * matches `kubectl get ingress`, the detail lists the rules as kubectl's
 * object has them (host, path, path type, backend Service:port as links),
 * the default backend, and a link to each host on the ingress's port, which
 * answers with the pod's page. Screenshot: docs/screenshots/ingress-detail.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Ingress } from '../../src/shared/api/networking';
import { CERT, KEY } from '../../src/main/ingress/testing/web-localhost-cert';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-ingress';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const IMAGE = 'kubedeck/busybox:latest';

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;
let httpPort = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const manifests = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'httpd', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'mkdir -p /www && echo web-root > /www/index.html && exec httpd -f -p 8080 -h /www'], ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: NS }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 8080 }] } },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-tls', namespace: NS },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(CERT).toString('base64'), 'tls.key': Buffer.from(KEY).toString('base64') },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: NS },
    spec: {
      defaultBackend: { service: { name: 'web', port: { number: 80 } } },
      tls: [{ hosts: ['web.localhost'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.localhost',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
              { path: '/healthz', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 80 } } } },
            ],
          },
        },
        { host: 'docs.localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } },
      ],
    },
  },
];

/** fetchVia asks the ingress for a URL the way a browser resolving *.localhost to 127.0.0.1 does: to the loopback, with the URL's host. */
function fetchVia(url: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port || 80), path: u.pathname, headers: { Host: u.host }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test.beforeAll(async ({ browser }) => {
  httpPort = await freePort();
  const httpsPort = await freePort();
  kd = await startKubedeck({ config: `ingress:\n  httpPort: ${httpPort}\n  httpsPort: ${httpsPort}\n` });
  await kd.kubectl('create', 'namespace', NS);
  // The controller makes the kubedeck class (default) on its first sync; the Ingress gets it by admission.
  await expect.poll(async () => (await kd.kubectlStatus('get', 'ingressclass', 'kubedeck')).code, { timeout: 60_000 }).toBe(0);
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
  });
  await kd.kubectl('rollout', 'status', 'deployment/web', '-n', NS, '--timeout=120s');
  await expect.poll(async () => (await kd.kubectl('get', 'ingress', 'web', '-n', NS, '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}')).trim(), { timeout: 60_000 }).toBe('127.0.0.1');
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'ingresses,deployments,services,secrets', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('the Ingresses list shows what kubectl get ingress shows', async () => {
  const line = (await kd.kubectl('get', 'ingress', 'web', '-n', NS, '--no-headers')).trim();
  // NAME CLASS HOSTS ADDRESS PORTS(2 words) AGE
  const [name, cls, hosts, address] = line.split(/\s{2,}/);
  expect([name, cls, hosts, address]).toEqual(['web', 'kubedeck', 'web.localhost,docs.localhost', '127.0.0.1']);
  await page.locator('[data-testid=nav-ingresses]').click();
  const row = page.locator('[data-testid=resource-row][data-name=web]');
  for (const cell of [cls!, hosts!, address!, '80, 443']) await expect(row).toContainText(cell);
});

test('the detail lists the rules as kubectl has them, backends link to their Services, and each host link answers', async () => {
  const ing = JSON.parse(await kd.kubectl('get', 'ingress', 'web', '-n', NS, '-o', 'json')) as Ingress;
  await page.locator('[data-testid=resource-row][data-name=web] [data-testid=resource-link]').click();
  await expect(page.locator('[data-testid=screen-object][data-kind=Ingress]')).toHaveAttribute('data-name', 'web');
  const want = (ing.spec?.rules ?? []).flatMap((r) =>
    (r.http?.paths ?? []).map((p) => [r.host ?? '', p.path ?? '', p.pathType ?? '', `${p.backend.service!.name}:${p.backend.service!.port?.number ?? p.backend.service!.port?.name}`]),
  );
  const rows = page.locator('[data-testid=ingress-rule]');
  await expect(rows).toHaveCount(want.length);
  const seen = await rows.evaluateAll((els) => els.map((e) => ['data-host', 'data-path', 'data-path-type', 'data-backend'].map((a) => e.getAttribute(a) ?? '')));
  expect(seen).toEqual(want);
  await expect(page.locator('[data-testid=ingress-default-backend]')).toHaveAttribute('data-backend', 'web:80');
  // Backends are links to their Services.
  const apiLink = rows.nth(1).locator('[data-testid=object-link][data-kind=Service]');
  await expect(apiLink).toHaveText('api:http');
  await expect(apiLink).toHaveAttribute('href', `#/services/${NS}/api`);
  // Each host links to the ingress on its port (HTTPS too for the TLS host); the link answers with the pod's page.
  const link = rows.first().locator('[data-testid=ingress-host-link]');
  await expect(link).toHaveAttribute('href', `http://web.localhost:${httpPort}/`);
  await expect(rows.first().locator('[data-testid=ingress-host-link-tls]')).toHaveCount(1);
  await expect(page.locator('[data-testid=ingress-rule][data-host="docs.localhost"] [data-testid=ingress-host-link-tls]')).toHaveCount(0);
  const href = (await link.getAttribute('href'))!;
  await expect.poll(async () => (await fetchVia(href).catch(() => ({ status: 0, body: '' }))).body, { timeout: 60_000 }).toBe('web-root');
  await page.screenshot({ path: `${SHOTS}ingress-detail.png`, fullPage: true });
  await apiLink.click();
  await expect(page.locator('[data-testid=screen-object][data-kind=Service]')).toHaveAttribute('data-name', 'api');
});

test('the kubedeck Ingress class says it is the default and where it listens, as its annotations do', async () => {
  const ports = (await kd.kubectl('get', 'ingressclass', 'kubedeck', '-o', 'jsonpath={.metadata.annotations.ingress\\.kubedeck\\.io/http-port} {.metadata.annotations.ingress\\.kubedeck\\.io/https-port}')).trim().split(' ');
  expect(ports[0]).toBe(String(httpPort));
  await page.locator('[data-testid=nav-ingressclasses]').click();
  await page.locator('[data-testid=resource-row][data-name=kubedeck] [data-testid=resource-link]').click();
  await expect(page.locator('[data-testid=screen-object][data-kind=IngressClass]')).toHaveAttribute('data-name', 'kubedeck');
  const fact = (term: string) => page.locator(`[data-testid=object-metadata] dt:text-is("${term}") + dd`);
  await expect(fact('Default class')).toHaveText('yes');
  await expect(fact('Listens on')).toHaveText(`http://127.0.0.1:${ports[0]}, https://127.0.0.1:${ports[1]}`);
  await expect(page.locator('[data-testid=related][data-title="Ingresses of this class"] [data-testid=object-link][data-name=web]')).toHaveCount(1);
});

test("EndpointSlices: the Service's slice lists the ready pod IPs kubectl's slice holds, links each to its pod, and the Service lists its slice", async () => {
  const list = JSON.parse(await kd.kubectl('get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=web', '-o', 'json')) as {
    items: { metadata: { name: string }; endpoints: { addresses: string[]; targetRef?: { name: string } }[] }[];
  };
  expect(list.items).toHaveLength(1);
  const slice = list.items[0]!;
  const ips = slice.endpoints.flatMap((e) => e.addresses).sort();
  expect(ips.length).toBeGreaterThan(0);
  await page.locator('[data-testid=nav-endpointslices]').click();
  const row = page.locator(`[data-testid=resource-row][data-name="${slice.metadata.name}"]`);
  for (const ip of ips) await expect(row).toContainText(ip);
  await row.locator('[data-testid=resource-link]').click();
  await expect(page.locator('[data-testid=screen-object][data-kind=EndpointSlice]')).toHaveAttribute('data-name', slice.metadata.name);
  for (const e of slice.endpoints) await expect(page.locator(`[data-testid=object-link][data-kind=Pod][data-name="${e.targetRef!.name}"]`)).toHaveCount(1);
  await page.locator('[data-testid=related][data-title=Service] [data-testid=object-link][data-name=web]').click();
  await expect(page.locator('[data-testid=screen-object][data-kind=Service]')).toHaveAttribute('data-name', 'web');
  await expect(page.locator(`[data-testid=related][data-title=EndpointSlices] [data-testid=object-link][data-name="${slice.metadata.name}"]`)).toHaveCount(1);
});
