/**
 * Issue 13 A6 (and A7's time-slider screenshot), in the window against a
 * real cluster (`serve`, Docker): a Deployment scaled 1 → 3 → 2 with
 * kubectl; the time slider moved back to the revision where it had 3
 * replicas shows 3 pods on Pods and Overview, read-only and marked; the API
 * (`kubectl get --raw …?resourceVersion=N&resourceVersionMatch=Exact`)
 * returns the same set; Live shows 2 again; a revision older than the
 * history window (90 s here, config.yaml `history:`) answers 410 Gone, to
 * kubectl and in the app.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RevisionList } from '../../src/shared/api/revision-history';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const WINDOW_S = 90;

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;
/** The revision at which the Deployment had 3 pods, and their names. */
let threeAt = 0;
let threeNames: string[] = [];

const DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
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

interface PodList {
  metadata: { resourceVersion: string };
  items: { metadata: { name: string; deletionTimestamp?: string }; status?: { phase?: string } }[];
}

async function apply(input: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

async function podsRaw(query = ''): Promise<PodList> {
  return JSON.parse(await kd.kubectl('get', '--raw', `/api/v1/namespaces/default/pods${query}`)) as PodList;
}

const names = (l: PodList) => l.items.map((p) => p.metadata.name).sort();

async function open(hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

/** shoot saves the slider and the screen under it (not the empty page below). */
async function shoot(file: string): Promise<void> {
  const top = await page.locator('[data-testid=time-slider]').boundingBox();
  const screen = await page.locator('[data-testid=travel-screen]').boundingBox();
  if (!top || !screen) throw new Error('nothing to capture');
  const pad = 12;
  const x = Math.max(0, Math.min(top.x, screen.x) - pad);
  const y = Math.max(0, top.y - pad);
  await page.screenshot({ path: join(SHOTS, file), clip: { x, y, width: Math.max(top.x + top.width, screen.x + screen.width) + pad - x, height: screen.y + screen.height + pad - y } });
}

/** slideTo steps the slider with the keyboard until it rests on revision. */
async function slideTo(revision: number): Promise<void> {
  const slider = page.locator('[data-testid=travel-slider]');
  await slider.focus();
  await expect(slider).toHaveAttribute('data-revision', /\d+/);
  for (let i = 0; i < 5000; i++) {
    const at = Number(await slider.getAttribute('data-revision'));
    if (at === revision) return;
    await slider.press(at > revision ? 'ArrowLeft' : 'ArrowRight');
  }
  throw new Error(`the slider never reached revision ${revision}`);
}

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck({ config: `history:\n  window: ${WINDOW_S}s\n` });
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'deployment', 'web', '-n', 'default', '--wait=true', '--timeout=60s');
  await page?.close();
  await kd?.stop();
  await removePodContainers('default');
});

test('A6: scaled 1 → 3 → 2, the slider at the 3-replica revision shows the 3 pods the API lists at that revision; Live shows 2', async () => {
  await apply(DEPLOYMENT);
  await expect.poll(async () => (await podsRaw()).items.filter((p) => p.status?.phase === 'Running').length, { timeout: 60_000 }).toBe(1);
  await kd.kubectl('scale', 'deployment', 'web', '--replicas=3');
  await expect.poll(async () => (await podsRaw()).items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).length, { timeout: 60_000 }).toBe(3);
  const three = await podsRaw();
  threeAt = Number(three.metadata.resourceVersion);
  threeNames = names(three);
  expect(threeNames).toHaveLength(3);

  await kd.kubectl('scale', 'deployment', 'web', '--replicas=2');
  await expect.poll(async () => (await podsRaw()).items.length, { timeout: 60_000 }).toBe(2);

  // The revision history the slider moves over: bounded, newest first, with commit times.
  const history = JSON.parse(await kd.kubectl('get', '--raw', '/kubedeck/revisions?limit=5000')) as RevisionList;
  expect(history.windowSeconds).toBe(WINDOW_S);
  const entry = history.items.find((i) => i.revision === threeAt);
  expect(entry?.time).toMatch(/^\d{4}-\d\d-\d\dT/);

  await open('#/pods');
  const rows = page.locator('[data-testid=pod-row]');
  await expect(rows).toHaveCount(2);
  await page.locator('[data-testid=travel-open]').click();
  await expect(page.locator('[data-testid=travel-label]')).toHaveText('Live');
  await slideTo(threeAt);

  const label = page.locator('[data-testid=travel-label]');
  await expect(label).toHaveAttribute('data-revision', String(threeAt));
  await expect(label).toContainText(new RegExp(`^Viewing revision ${threeAt} at \\d\\d:\\d\\d:\\d\\d · read-only$`));
  await expect(rows).toHaveCount(3);
  const shown = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''))).sort();
  // The same set as the API's list at that exact revision.
  const atN = await podsRaw(`?resourceVersion=${threeAt}&resourceVersionMatch=Exact`);
  expect(atN.metadata.resourceVersion).toBe(String(threeAt));
  expect(names(atN)).toEqual(threeNames);
  expect(shown).toEqual(threeNames);
  // Read-only: the row actions are disabled while the past is shown.
  await expect(rows.first().locator('[data-testid=action-delete]')).toBeDisabled();
  await expect(rows.first().locator('[data-testid=action-copy-kubectl]')).toBeEnabled();
  await shoot('time-slider.png');

  // The same revision on the Overview and Workloads: 3 pods.
  await open('#/');
  await expect(page.locator('[data-testid=travel-label]')).toHaveAttribute('data-revision', String(threeAt));
  await expect(page.locator('[data-testid=pod-tile]')).toHaveCount(3);
  await expect(page.locator('[data-testid=pause-component]').first()).toBeDisabled();
  await open('#/workloads');
  await expect(page.locator('[data-testid=screen-workloads]')).toContainText('3 pods');

  // Live: the present again.
  await page.locator('[data-testid=travel-live]').click();
  await expect(page.locator('[data-testid=travel-label]')).toHaveText('Live');
  await expect(page.locator('[data-testid=screen-workloads]')).toContainText('2 pods');
  await open('#/pods');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('[data-testid=action-delete]')).toBeEnabled();
});

test('A6: a revision older than the history window answers 410 Gone, to kubectl and in the app', async () => {
  // Revision 1 was written when the cluster started; the window (90 s) passes it by.
  const old = `/api/v1/namespaces/default/pods?resourceVersion=1&resourceVersionMatch=Exact`;
  await expect
    .poll(async () => (await kd.kubectlStatus('get', '--raw', old)).stderr, { timeout: (WINDOW_S + 60) * 1000, intervals: [2000] })
    .toContain('Expired');
  const gone = await kd.kubectlStatus('get', '--raw', old);
  expect(gone.code).not.toBe(0);
  expect(gone.stderr).toContain('The resourceVersion for the provided list is too old');

  await open('#/pods');
  await page.locator('[data-testid=travel-revision-input]').fill('1');
  await page.locator('[data-testid=travel-go]').click();
  await expect(page.locator('[data-testid=travel-label]')).toHaveAttribute('data-revision', '1');
  await expect(page.locator('[data-testid=screen-pods]')).toContainText('too old');
  await page.locator('[data-testid=travel-live]').click();
  await expect(page.locator('[data-testid=pod-row]')).toHaveCount(2);
});
