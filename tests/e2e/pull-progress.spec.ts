/**
 * Issue 13 item 5 and A4, against `npm run serve` with real Docker: a local
 * registry (Debian's docker-registry on 127.0.0.1, started by the test)
 * serves an image with a large layer through a rate-limiting proxy; the pod
 * using it shows a progress bar (bytes and layers) that advances — at least
 * two distinct intermediate values of the bar's aria-valuenow, as the page
 * rendered them — in the Pods table, the Overview tile and Pod detail, before
 * Running. Then pods whose image does not exist (the seed's `image:v1`, and a
 * tag the local registry lacks) end in ImagePullBackOff with the registry's
 * message shown. The pulled image is removed after, so a re-run pulls again.
 * Screenshots go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { login, recordedRows, recordRows } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';
import { pushLargeImage, removeImage, startLocalRegistry, startThrottledProxy, type LocalRegistry, type ThrottledProxy } from './support/local-registry';

const NS = 'e2e-pull';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
// 80 MB of random data at 6 MB/s: a pull of about 13 s, long enough to watch on a busy machine.
const LAYER_MB = 80;
const BYTES_PER_SECOND = 6_000_000;

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;
let registry: LocalRegistry | undefined;
let proxy: ThrottledProxy | undefined;
let pulledImage: string | undefined;
const repo = `e2e/big:${randomBytes(4).toString('hex')}`;

const pod = (name: string, image: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
  });

async function apply(input: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

async function open(hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  registry = await startLocalRegistry();
  await pushLargeImage(registry.host, repo, LAYER_MB);
  proxy = await startThrottledProxy(registry.host, BYTES_PER_SECOND);
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'pods', '--all', '-n', NS, '--wait=true', '--timeout=60s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
  if (pulledImage) await removeImage(pulledImage);
  await proxy?.close();
  await registry?.stop();
});

test('A4: the pod pulling a large image shows a progress bar that advances, with bytes and layers, before Running', async () => {
  test.setTimeout(240_000);
  pulledImage = `${proxy!.host}/${repo}`;
  await open('#/pods');
  await expect(page.locator('[data-testid=screen-pods]')).toBeVisible();
  // Every value the page renders, wherever the bar is (table, tile, detail): the page keeps recording across screens.
  await recordRows(page, 'pull', '[data-testid=pull-progress] [role=progressbar]', ['aria-valuenow']);
  await apply(pod('big', pulledImage));

  const row = page.locator('[data-testid=pod-row][data-name=big]');
  const rowBar = row.locator('[data-testid=pull-progress] [role=progressbar]');
  await expect(rowBar).toBeVisible({ timeout: 60_000 });
  await expect(row.locator('[data-testid=pull-layers]')).toContainText(/\d+ of \d+ layers?/);
  await expect(row.locator('[data-testid=pull-bytes]')).toContainText(/MB of \d+\.\d MB/);
  // While the pull lasts the pod reads ContainerCreating, to kubectl and in the table, not a bare Pending.
  expect((await kd.kubectl('get', 'pod', 'big', '-n', NS, '--no-headers')).split(/\s+/)[2]).toBe('ContainerCreating');
  await expect(row.locator('[data-testid=pod-status]')).toContainText('ContainerCreating');
  const intermediate = async () =>
    [...new Set((await recordedRows(page, 'pull')).map(([v]) => Number(v ?? NaN)).filter((v) => Number.isFinite(v) && v > 0 && v < 100))].sort((a, b) => a - b);
  await expect.poll(async () => (await intermediate()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  // The screenshot a little into the pull, where the bar has visibly moved.
  await expect.poll(async () => Number((await rowBar.getAttribute('aria-valuenow')) ?? 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  await page.screenshot({ path: `${SHOTS}pull-progress.png`, clip: { x: 154, y: 50, width: 1206, height: 220 } });

  // The Overview tile and Pod detail show the same pull while it lasts.
  await open('#/');
  await expect(page.locator('[data-testid=pod-tile][data-name=big] [data-testid=pull-progress] [role=progressbar]')).toBeVisible();
  await open(`#/pods/${NS}/big`);
  const detail = page.locator('[data-testid=pod-pull] [data-testid=pull-progress]');
  await expect(detail.locator('[role=progressbar]')).toBeVisible();
  await expect(detail).toContainText(`Pulling ${pulledImage}`);
  await expect(detail.locator('[data-testid=pull-bytes]')).toContainText(/MB of \d+\.\d MB/);

  await expect(page.locator('[data-testid=pod-detail-status]')).toHaveText('Running', { timeout: 120_000 });
  await expect(page.locator('[data-testid=pod-pull]')).toHaveCount(0);
  const seen = await intermediate();
  expect(seen.length, `distinct intermediate values of aria-valuenow: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
  // The bar only moves forward.
  const order = (await recordedRows(page, 'pull')).map(([v]) => Number(v ?? NaN)).filter(Number.isFinite);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect((await kd.kubectl('get', 'pod', 'big', '-n', NS, '-o', 'jsonpath={.status.phase}')).trim()).toBe('Running');
});

test('a missing image ends in ImagePullBackOff with the registry message, in the table and Pod detail', async () => {
  const missing = `${registry!.host}/e2e/missing:v1`;
  await apply(pod('missing', missing));
  await apply(pod('seed', 'image:v1'));
  await open('#/pods');
  for (const name of ['missing', 'seed']) {
    await expect(page.locator(`[data-testid=pod-row][data-name=${name}]`)).toHaveAttribute('data-status', 'ImagePullBackOff', { timeout: 90_000 });
  }
  await expect(page.locator('[data-testid=pod-row][data-name=missing] [data-testid=pull-error]')).toContainText('manifest unknown');

  for (const name of ['missing', 'seed']) {
    await open(`#/pods/${NS}/${name}`);
    const note = page.locator('[data-testid=pull-error]');
    await expect(note.locator('[data-testid=pull-error-reason]')).toHaveText('ImagePullBackOff');
    // What the app shows is the registry's answer the kubelet recorded, without its back-off preamble.
    const waiting = (await kd.kubectl('get', 'pod', name, '-n', NS, '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.message}')).trim();
    const answer = waiting.replace(/^Back-off pulling image "[^"]*":\s*ErrImagePull:\s*/, '');
    expect(answer.length).toBeGreaterThan(0);
    await expect(note.locator('[data-testid=pull-error-message]')).toHaveText(answer);
    if (name === 'missing') {
      await expect(note.locator('[data-testid=pull-error-message]')).toContainText('manifest unknown');
      await note.screenshot({ path: `${SHOTS}pull-backoff.png` });
    }
  }
});
