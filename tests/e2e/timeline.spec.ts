/**
 * Issue 13 A1 (and the timeline and flow screenshots of A7), in the window
 * against a real cluster (`serve`, Docker): with the Flow screen waiting,
 * `kubectl apply` of a 2-replica Deployment; the flow plays it; the
 * timeline of one of its pods, opened from Pod detail, shows in order the
 * Deployment's create by kubectl, the ReplicaSet's by the deployment
 * controller, the pod's by the ReplicaSet controller, the binding by the
 * scheduler and the kubelet's status updates up to Running, with store
 * revisions increasing along it, checked against kubectl's resourceVersions
 * and the audit log file; the binding's watch deliveries name the node's
 * kubelet, as `/kubedeck/v1/watchdeliveries` does.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-timeline';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const deployment = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: NS },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
      },
    },
  },
});

async function apply(input: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

async function open(browserPage: Page, hash: string): Promise<void> {
  await browserPage.evaluate((h) => (window.location.hash = h), hash);
}

interface AuditLine {
  user: { username: string };
  verb: string;
  objectRef: { resource: string; namespace?: string; name?: string; subresource?: string; resourceVersion?: string };
  responseStatus: { code: number };
}

async function auditLog(): Promise<AuditLine[]> {
  return (await readFile(join(kd.dataDir, 'audit.log'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditLine);
}

interface StepRow {
  source: string;
  kind: string;
  name: string;
  component: string;
  revision: number;
  stage: number;
  subresource: string | null;
}

async function stepRows(): Promise<StepRow[]> {
  return page.locator('[data-testid=timeline-step]').evaluateAll((els) =>
    els.map((el) => ({
      source: el.getAttribute('data-source') ?? '',
      kind: el.getAttribute('data-kind') ?? '',
      name: el.getAttribute('data-name') ?? '',
      component: el.getAttribute('data-component') ?? '',
      revision: Number(el.getAttribute('data-revision')),
      stage: Number(el.getAttribute('data-stage')),
      subresource: el.getAttribute('data-subresource'),
    })),
  );
}

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'deployments,replicasets,pods', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('A1: the flow of a newly applied Deployment, and the timeline of one of its pods, in order, against kubectl and the audit log', async () => {
  // The Flow screen waits for the next object applied, then plays it.
  await open(page, '#/flow');
  await expect(page.locator('[data-testid=screen-flow-waiting]')).toBeVisible();
  await apply(deployment);
  await expect(page.locator('[data-testid=screen-flow]')).toBeVisible();
  await expect(page.locator('[data-testid=timeline-chain]')).toContainText('Deployment web');
  await expect.poll(async () => (await kd.kubectl('get', 'pods', '-n', NS, '-l', 'app=web', '-o', 'jsonpath={.items[*].status.phase}')).trim(), { timeout: 90_000 }).toBe('Running Running');

  // The play reaches the scheduler's binding of a pod: the scheduler acts, then the watches deliver.
  await expect(page.locator('[data-testid=timeline-step][data-subresource=binding]').first()).toBeVisible({ timeout: 60_000 });
  // Held still, then stepped to the binding's watch deliveries: arrows from the API server to the kubelet and the rest.
  const pause = page.locator('[data-testid=flow-pause]');
  if (await pause.isEnabled()) await pause.click();
  const toKubelet = page.locator('[data-testid=flow-arrow][data-from=apiserver][data-to=kubelet]');
  const current = page.locator('[data-testid=timeline-step].current');
  for (let i = 0; i < 120; i++) {
    const atBinding = (await current.getAttribute('data-subresource')) === 'binding';
    if (atBinding && (await toKubelet.count()) > 0) break;
    // Forward through the binding's phases to its deliveries; back from any later step.
    await page.locator(atBinding ? '[data-testid=flow-forward]' : '[data-testid=flow-back]').click();
  }
  await expect(current).toHaveAttribute('data-subresource', 'binding');
  await expect(toKubelet).toBeVisible();
  await expect(page.locator('[data-testid=flow-box-kubelet][data-lit=true]')).toBeVisible();
  await expect(page.locator('[data-testid=flow-caption]')).toContainText('watch delivered to');
  await page.screenshot({ path: join(SHOTS, 'flow.png'), animations: 'disabled' });
  const skip = page.locator('[data-testid=flow-skip]');
  if (await skip.isEnabled()) await skip.click();
  await expect(page.locator('[data-testid=flow-progress]')).toContainText('live');

  // One pod's timeline, from Pod detail.
  const pod = (await kd.kubectl('get', 'pods', '-n', NS, '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
  await open(page, `#/pods/${NS}/${pod}`);
  await page.locator('[data-testid=timeline-link]').click();
  await expect(page.locator('[data-testid=screen-timeline]')).toBeVisible();
  await expect(page.locator('[data-testid=timeline-step][data-stage="8"]')).toHaveCount(1, { timeout: 30_000 });
  // The timeline is refreshed while open: wait until its last pod write is the pod kubectl sees now.
  await expect
    .poll(async () => {
      const podRv = Number((await kd.kubectl('get', 'pod', pod, '-n', NS, '-o', 'jsonpath={.metadata.resourceVersion}')).trim());
      const writes = (await stepRows()).filter((s) => s.source === 'write' && s.kind === 'Pod');
      return writes.at(-1)?.revision === podRv;
    })
    .toBe(true);

  const rows = await stepRows();
  const writes = rows.filter((s) => s.source === 'write');
  // In order: Deployment by kubectl, ReplicaSet by the deployment controller, pod by the ReplicaSet controller, binding by the scheduler, kubelet up to Running.
  expect(writes[0]).toMatchObject({ kind: 'Deployment', name: 'web', component: 'kubectl', stage: 1 });
  expect(writes[1]).toMatchObject({ kind: 'ReplicaSet', component: 'deployment-controller' });
  expect(writes[2]).toMatchObject({ kind: 'Pod', name: pod, component: 'replicaset-controller', stage: 4 });
  expect(writes[3]).toMatchObject({ kind: 'Pod', name: pod, component: 'default-scheduler', subresource: 'binding', stage: 6 });
  const kubelet = writes.slice(4);
  expect(kubelet.length).toBeGreaterThan(0);
  for (const w of kubelet) expect(w).toMatchObject({ kind: 'Pod', name: pod, component: 'kubelet/kubedeck', subresource: 'status' });
  expect(kubelet.filter((w) => w.stage === 8)).toHaveLength(1);
  // Store revisions increase along the timeline (Events included).
  const revs = rows.map((r) => r.revision);
  for (let i = 1; i < revs.length; i++) expect(revs[i]).toBeGreaterThan(revs[i - 1]!);
  // The kubelet's Events are interleaved.
  expect(rows.filter((r) => r.source === 'event' && r.component === 'kubelet/kubedeck').length).toBeGreaterThan(0);

  // kubectl: the objects' resourceVersions now are at or after their writes on the timeline, and the pod's is its last.
  const rv = async (...args: string[]) => Number((await kd.kubectl('get', ...args, '-n', NS, '-o', 'jsonpath={.metadata.resourceVersion}')).trim());
  const rsName = (await kd.kubectl('get', 'replicasets', '-n', NS, '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}')).trim();
  expect(writes[1]!.name).toBe(rsName);
  expect(await rv('deployment', 'web')).toBeGreaterThanOrEqual(writes[0]!.revision);
  expect(await rv('replicaset', rsName)).toBeGreaterThanOrEqual(writes[1]!.revision);
  expect(await rv('pod', pod)).toBe(kubelet.at(-1)!.revision);

  // The audit log names the same user for each write, at the same resulting revision (the binding answers a Status, so it has none: matched by name).
  await expect
    .poll(async () => {
      const log = await auditLog();
      return writes.every((w) =>
        w.subresource === 'binding'
          ? log.some((e) => e.user.username === w.component && e.objectRef.subresource === 'binding' && e.objectRef.name === w.name && e.responseStatus.code === 201)
          : log.some((e) => e.user.username === w.component && e.objectRef.resourceVersion === String(w.revision) && e.objectRef.name === w.name),
      );
    })
    .toBe(true);

  // The binding reached the node's kubelet through its watch (item 2), on the page and in the ring's endpoint.
  const binding = page.locator('[data-testid=timeline-step][data-subresource=binding]');
  await expect(binding.locator('[data-testid=timeline-deliveries]')).toContainText('kubelet/kubedeck');
  await expect(binding.locator('[data-testid=timeline-deliveries]')).toContainText('kube-controller-manager');
  const ring = JSON.parse(await kd.kubectl('get', '--raw', `/kubedeck/v1/watchdeliveries?since=${writes[3]!.revision - 1}&limit=1`)) as {
    kind: string;
    items: { revision: number; writer: string; name: string; deliveries: { watcher: string; latencyMs: number }[] }[];
  };
  expect(ring.kind).toBe('WatchDeliveryList');
  expect(ring.items[0]).toMatchObject({ revision: writes[3]!.revision, writer: 'default-scheduler', name: pod });
  expect(ring.items[0]!.deliveries.map((d) => d.watcher)).toContain('kubelet/kubedeck');
  expect(ring.items[0]!.deliveries.every((d) => d.latencyMs >= 0)).toBe(true);

  // What the binding changed: spec.nodeName.
  await expect(binding.locator('[data-testid=timeline-change][data-path="/spec/nodeName"]')).toContainText('kubedeck');
  // Tall enough to show the whole path, from kubectl's request to Running.
  await page.setViewportSize({ width: 1360, height: 1280 });
  await page.screenshot({ path: join(SHOTS, 'timeline.png') });
});
