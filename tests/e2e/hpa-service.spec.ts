/**
 * Issue 12 A4 and build item 4, against `npm run serve` with real Docker.
 * - A Deployment's detail shows its HPA card: current/target utilisation,
 *   min/max, current/desired replicas as `kubectl get hpa -o json` has them,
 *   and the replica chart with its points and the rescale (1 → minReplicas 2)
 *   marked. No load: an idle HPA has a measured utilisation (0 %) to compare.
 * - Pod and Node detail show CPU/memory sparklines from the metrics history,
 *   with the pod's requests and limits; the latest figures are the history's.
 * - A Service's detail lists its endpoints as ready / not ready / terminating,
 *   live, as kubectl's Endpoints and pods say.
 * Screenshots of the HPA card, a pod's usage and the endpoints go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gotoRetrying, login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-hpa';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const IMAGE = 'kubedeck/busybox:latest';
const CONVERGE = 120_000;

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const container = (extra: Record<string, unknown> = {}) => ({ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], ...extra });
const RESOURCES = { requests: { cpu: '100m', memory: '16Mi' }, limits: { cpu: '500m', memory: '64Mi' } };

const manifests = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { terminationGracePeriodSeconds: 1, containers: [container({ resources: RESOURCES })] } },
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { tier: 'front' }, ports: [{ port: 80, targetPort: 8080 }] } },
  // Selected by the Service (tier=front), never Ready: a not-ready address. Not by the
  // Deployment (app=web): the HPA counts the pods of its target's selector, and these have no CPU request.
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'lame', namespace: NS, labels: { tier: 'front' } },
    spec: { terminationGracePeriodSeconds: 1, containers: [container({ readinessProbe: { exec: { command: ['false'] }, periodSeconds: 2 } })] },
  },
  // Selected by the Service; `sleep` as PID 1 ignores SIGTERM, so once deleted it stays terminating for its grace period.
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'slow', namespace: NS, labels: { tier: 'front' } },
    spec: { terminationGracePeriodSeconds: 90, containers: [container()] },
  },
];

const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: NS },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 4,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
};

function kubectlApply(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err, _out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()));
    child.stdin?.end(input);
  });
}

const json = async <T>(...args: string[]): Promise<T> => JSON.parse(await kd.kubectl(...args, '-o', 'json')) as T;

test.beforeAll(async ({ browser }) => {
  // A short HPA sync period (configuration, not code), so the scale to minReplicas comes quickly.
  kd = await startKubedeck({ config: 'hpa:\n  syncPeriodSeconds: 3\n' });
  await kd.kubectl('create', 'namespace', NS);
  await kubectlApply(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }));
  await kd.kubectl('rollout', 'status', 'deployment/web', '-n', NS, '--timeout=120s');
  await kubectlApply(JSON.stringify(hpa));
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'hpa,deployments,replicasets', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await kd?.kubectlStatus('delete', 'pods', '--all', '-n', NS, '--grace-period=0', '--force', '--wait=true', '--timeout=60s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

interface Hpa {
  spec: { minReplicas?: number; maxReplicas: number; metrics: { resource: { target: { averageUtilization: number } } }[] };
  status?: { currentReplicas?: number; desiredReplicas?: number; currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[] };
}

/** What the HPA card should say, from `kubectl get hpa -o json` (undefined until a utilisation was measured). */
async function hpaFromKubectl(): Promise<Record<string, string> | undefined> {
  const h = await json<Hpa>('get', 'hpa', 'web', '-n', NS);
  const util = h.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;
  if (util === undefined) return undefined;
  return {
    current: `${util}%`,
    target: `${h.spec.metrics[0]!.resource.target.averageUtilization}%`,
    min: String(h.spec.minReplicas ?? 1),
    max: String(h.spec.maxReplicas),
    currentReplicas: String(h.status?.currentReplicas ?? 0),
    desiredReplicas: String(h.status?.desiredReplicas ?? 0),
  };
}

async function hpaFromPage(): Promise<Record<string, string>> {
  const targets = page.getByTestId('hpa-targets');
  const replicas = page.getByTestId('hpa-replicas');
  return {
    current: (await targets.getAttribute('data-current')) ?? '',
    target: (await targets.getAttribute('data-target')) ?? '',
    min: (await replicas.getAttribute('data-min')) ?? '',
    max: (await replicas.getAttribute('data-max')) ?? '',
    currentReplicas: (await replicas.getAttribute('data-current')) ?? '',
    desiredReplicas: (await replicas.getAttribute('data-desired')) ?? '',
  };
}

test('A4: the Deployment shows its HPA with the numbers kubectl has, and the replica chart with the rescale marked', async () => {
  // The HPA scales 1 → 2 (below minReplicas) and then measures the idle pods.
  await expect
    .poll(async () => (await hpaFromKubectl())?.currentReplicas, { timeout: CONVERGE, intervals: [1000] })
    .toBe('2');
  await gotoRetrying(page, `${kd.uiUrl}/#/deployments/${NS}/web`);
  await expect(page.locator('[data-testid=screen-object][data-kind=Deployment]')).toHaveAttribute('data-name', 'web');
  const card = page.locator('[data-testid=hpa-card][data-name=web]');
  await expect(card).toBeVisible();
  // The page and kubectl read at the same moment agree (retried: a new status may land between the two reads).
  await expect
    .poll(async () => {
      const want = await hpaFromKubectl();
      const got = await hpaFromPage();
      return want && JSON.stringify(got) === JSON.stringify(want) ? got : { want, got };
    }, { timeout: 60_000, intervals: [1000] })
    .toEqual(expect.objectContaining({ target: '50%', min: '2', max: '4', currentReplicas: '2', desiredReplicas: '2', current: expect.stringMatching(/^\d+%$/) }));
  await expect(card.getByTestId('hpa-targets')).toContainText('current / 50% target');

  // The rescale kubectl reports as an event is marked on the chart.
  const events = await json<{ items: { reason?: string; message?: string; involvedObject: { kind?: string; name?: string } }[] }>('get', 'events', '-n', NS);
  const rescales = events.items.filter((e) => e.reason === 'SuccessfulRescale' && e.involvedObject.kind === 'HorizontalPodAutoscaler' && e.involvedObject.name === 'web');
  expect(rescales.map((e) => e.message)).toContain('New size: 2; reason: Current number of replicas below Spec.MinReplicas');
  await expect(card.locator('[data-testid=scale-event][data-size="2"]')).toHaveCount(1);
  await expect(card.getByTestId('hpa-rescales')).toHaveAttribute('data-count', String(rescales.length));
  // The chart's points: a sample on opening and one every 10 s after, each 2 desired / 2 current.
  await expect.poll(() => card.getByTestId('replica-point').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  await expect(card.locator('[data-testid=replica-point][data-desired="2"][data-current="2"]')).not.toHaveCount(0);
  await expect(card.locator('polyline.replica-desired')).toHaveAttribute('points', /\d/);
  await card.screenshot({ path: `${SHOTS}hpa-card.png`, animations: 'disabled' });
  const pointsSeen = await card.getByTestId('replica-point').count();

  // The Autoscalers list prints kubectl's TARGETS, and its row opens the same card.
  await gotoRetrying(page, `${kd.uiUrl}/#/horizontalpodautoscalers`);
  const row = page.locator(`[data-testid=resource-row][data-name=web][data-namespace=${NS}]`);
  await expect
    .poll(async () => {
      const table = (await kd.kubectl('get', 'hpa', 'web', '-n', NS, '--no-headers')).trim().split(/\s{2,}/);
      const text = (await row.textContent()) ?? '';
      return text.includes(table[2]!) ? 'same' : { kubectl: table[2], row: text };
    }, { timeout: 60_000, intervals: [1000] })
    .toBe('same');
  await row.getByTestId('resource-link').click();
  const hpaCard = page.locator('[data-testid=screen-object][data-kind=HorizontalPodAutoscaler] [data-testid=hpa-card]');
  await expect(hpaCard).toBeVisible();
  // The samples taken on the Deployment's page are kept: the line goes on, it does not restart.
  expect(await hpaCard.getByTestId('replica-point').count()).toBeGreaterThanOrEqual(pointsSeen);
});

interface History {
  metadata: { annotations?: Record<string, string> };
}
const lastReading = (h: History): [number, number, number] | undefined => {
  const rows = JSON.parse(h.metadata.annotations?.['kubedeck.io/usage-history'] ?? '[]') as [number, number, number][];
  return rows[rows.length - 1];
};

test('Pod and Node detail show CPU/memory sparklines from the history, against requests and limits', async () => {
  const pods = await json<{ items: { metadata: { name: string }; spec: { nodeName: string } }[] }>('get', 'pods', '-n', NS, '-l', 'app=web');
  const pod = pods.items.find((p) => p.metadata.name.startsWith('web-'))!;
  await gotoRetrying(page, `${kd.uiUrl}/#/pods/${NS}/${pod.metadata.name}`);
  const usage = page.locator(`[data-testid=usage-sparklines][data-name="${pod.metadata.name}"]`);
  await expect(usage).toBeVisible();
  await expect(usage.getByTestId('sparkline-cpu')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  // The request (100m, 16Mi) and limit (500m, 64Mi) as lines and words.
  await expect(usage.locator('[data-testid=sparkline-cpu] [data-testid=sparkline-request]')).toHaveCount(1);
  await expect(usage.locator('[data-testid=sparkline-memory] [data-testid=sparkline-limit]')).toHaveCount(1);
  await expect(usage.getByTestId('cpu-now')).toContainText('request 100m · limit 500m');
  await expect(usage.getByTestId('memory-now')).toContainText('request 16Mi · limit 64Mi');
  // The latest figures are the history's latest reading, as kubectl gets it from metrics.k8s.io.
  const metricsPath = `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods/${pod.metadata.name}`;
  await expect
    .poll(async () => {
      const last = lastReading(JSON.parse(await kd.kubectl('get', '--raw', metricsPath)) as History);
      const shown = [await usage.getByTestId('cpu-now').getAttribute('data-millicores'), await usage.getByTestId('memory-now').getAttribute('data-bytes')];
      return last && shown[0] === String(last[1]) && shown[1] === String(last[2]) ? 'same' : { last, shown };
    }, { timeout: 60_000, intervals: [2000] })
    .toBe('same');
  await usage.screenshot({ path: `${SHOTS}pod-usage.png`, animations: 'disabled' });

  const node = pod.spec.nodeName;
  await gotoRetrying(page, `${kd.uiUrl}/#/nodes/${node}`);
  const nodeUsage = page.locator(`[data-testid=usage-sparklines][data-name="${node}"]`);
  await expect(nodeUsage).toBeVisible();
  await expect(nodeUsage.getByTestId('sparkline-memory')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect(nodeUsage.locator('[data-testid=sparkline-cpu] [data-testid=sparkline-limit]')).toHaveCount(1);
  await expect(nodeUsage.getByTestId('cpu-now')).toContainText('allocatable');
});

interface EndpointsJson {
  subsets?: { addresses?: { targetRef?: { name: string } }[]; notReadyAddresses?: { targetRef?: { name: string } }[] }[];
}
interface PodsJson {
  items: { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string } }[];
}

/** The Service's endpoints as kubectl sees them: "pod=state", sorted. */
async function endpointsFromKubectl(): Promise<string[]> {
  const ep = await json<EndpointsJson>('get', 'endpoints', 'web', '-n', NS);
  const pods = await json<PodsJson>('get', 'pods', '-n', NS, '-l', 'tier=front');
  const out: string[] = [];
  for (const s of ep.subsets ?? []) {
    for (const a of s.addresses ?? []) out.push(`${a.targetRef?.name}=ready`);
    for (const a of s.notReadyAddresses ?? []) out.push(`${a.targetRef?.name}=not ready`);
  }
  const listed = new Set(out.map((x) => x.split('=')[0]));
  for (const p of pods.items) if (p.metadata.deletionTimestamp && !listed.has(p.metadata.name)) out.push(`${p.metadata.name}=terminating`);
  return out.sort();
}

async function endpointsFromPage(): Promise<string[]> {
  const rows = page.getByTestId('endpoint-row');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(`${await rows.nth(i).getAttribute('data-pod')}=${await rows.nth(i).getAttribute('data-state')}`);
  return out.sort();
}

test("Service detail lists its endpoints as ready / not ready / terminating, live, as kubectl's Endpoints and pods say", async () => {
  await gotoRetrying(page, `${kd.uiUrl}/#/services/${NS}/web`);
  await expect(page.locator('[data-testid=screen-object][data-kind=Service]')).toHaveAttribute('data-name', 'web');
  const agree = async (check: (rows: string[]) => boolean) =>
    expect
      .poll(async () => {
        const want = await endpointsFromKubectl();
        const got = await endpointsFromPage();
        return check(want) && JSON.stringify(want) === JSON.stringify(got) ? 'agree' : { want, got };
      }, { timeout: CONVERGE, intervals: [1000] })
      .toBe('agree');
  // Two replicas ready, `slow` ready, `lame` not ready.
  await agree((rows) => rows.filter((r) => r.endsWith('=ready')).length === 3 && rows.includes('lame=not ready'));
  // Deleted, `slow` leaves the Endpoints at once but keeps running for its grace period: terminating.
  await kd.kubectl('delete', 'pod', 'slow', '-n', NS, '--wait=false');
  await agree((rows) => rows.includes('slow=terminating'));
  await expect(page.locator('[data-testid=endpoint-row][data-pod=slow]')).toHaveAttribute('data-state', 'terminating');
  await expect(page.getByTestId('endpoint-counts')).toHaveText('2 ready, 1 not ready, 1 terminating');
  await page.locator('[data-testid=service-endpoints]').screenshot({ path: `${SHOTS}service-endpoints.png`, animations: 'disabled' });
});
