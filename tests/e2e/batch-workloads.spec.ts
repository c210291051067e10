/**
 * Issue 16 item 7 for Jobs, CronJobs and DaemonSets, against `npm run serve`
 * with real Docker: each kind's list and detail, checked against kubectl's
 * view of the same objects — a Job's progress (succeeded / failed / active)
 * and pods by index, a CronJob's next run and its Jobs as history, a
 * DaemonSet's desired / current / ready and its pods by node.
 * Screenshots go to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DaemonSet } from '../../src/shared/api/apps';
import type { CronJob, Job } from '../../src/shared/api/batch';
import { gotoRetrying, login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-batch';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const IMAGE = 'kubedeck/busybox:latest';
const container = (command: string[]) => ({ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command });

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const manifests = [
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'indexed', namespace: NS },
    spec: { completions: 3, parallelism: 3, completionMode: 'Indexed', template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [container(['true'])] } } },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: NS },
    spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [container(['true'])] } } } } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: NS },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { terminationGracePeriodSeconds: 1, containers: [container(['sleep', '3600'])] } },
    },
  },
];

const fact = (term: string) => page.locator(`[data-testid=object-metadata] dt:text-is("${term}") + dd`);
const related = (title: string) => page.locator(`[data-testid=related][data-title="${title}"]`);
const objectScreen = (kind: string) => page.locator(`[data-testid=screen-object][data-kind=${kind}]`);

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  const input = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests });
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, 'apply', '-f', '-'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
  await kd.kubectl('create', 'job', 'by-hand', '--from=cronjob/nightly', '-n', NS);
  await kd.kubectl('wait', '--for=condition=complete', 'job/indexed', 'job/by-hand', '-n', NS, '--timeout=120s');
  await kd.kubectl('rollout', 'status', 'daemonset/agent', '-n', NS, '--timeout=120s');
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'daemonsets,cronjobs,jobs,pods', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('a Job: list row and detail progress match kubectl; its pods by index', async () => {
  const job = JSON.parse(await kd.kubectl('get', 'job', 'indexed', '-n', NS, '-o', 'json')) as Job;
  expect(job.status?.succeeded).toBe(3);
  await page.locator('[data-testid=nav-jobs]').click();
  await expect(page.locator('[data-testid=screen-jobs]')).toBeVisible();
  const row = page.locator('[data-testid=resource-row][data-name=indexed]');
  await expect(row).toContainText('Complete');
  await expect(row).toContainText('3/3');
  await page.screenshot({ path: `${SHOTS}jobs.png` });
  await row.locator('[data-testid=resource-link]').click();
  await expect(objectScreen('Job')).toHaveAttribute('data-name', 'indexed');
  await expect(fact('Progress')).toHaveText(`${job.status?.succeeded ?? 0} succeeded, ${job.status?.failed ?? 0} failed, ${job.status?.active ?? 0} active`);
  await expect(fact('Completed indexes')).toHaveText(job.status!.completedIndexes!);
  const pods = related('Pods');
  await expect(pods.locator('[data-testid=object-link]')).toHaveCount(3);
  for (const i of [0, 1, 2]) await expect(pods).toContainText(`index ${i}: Completed`);
  await page.screenshot({ path: `${SHOTS}job-detail.png`, fullPage: true });
});

test('a CronJob: its next run and the Jobs it made as history', async () => {
  const cj = JSON.parse(await kd.kubectl('get', 'cronjob', 'nightly', '-n', NS, '-o', 'json')) as CronJob;
  expect(cj.spec.schedule).toBe('0 3 * * *');
  await page.locator('[data-testid=nav-cronjobs]').click();
  await expect(page.locator('[data-testid=resource-row][data-name=nightly]')).toContainText('0 3 * * *');
  await page.locator('[data-testid=resource-row][data-name=nightly] [data-testid=resource-link]').click();
  await expect(objectScreen('CronJob')).toHaveAttribute('data-name', 'nightly');
  // 03:00 in Paris is 01:00 or 02:00 UTC, within a day.
  const next = await fact('Next run').textContent();
  const at = Date.parse(next ?? '');
  expect(at).toBeGreaterThan(Date.now());
  expect(at - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
  expect([1, 2]).toContain(new Date(at).getUTCHours());
  await expect(fact('Time zone')).toHaveText('Europe/Paris');
  const history = related('Jobs (history)');
  await expect(history.locator('[data-testid=object-link][data-name=by-hand]')).toHaveCount(1);
  await expect(history).toContainText('Complete 1/1');
  await page.screenshot({ path: `${SHOTS}cronjob-detail.png`, fullPage: true });
});

test('a DaemonSet: desired / current / ready as kubectl says, and its pods by node', async () => {
  const ds = JSON.parse(await kd.kubectl('get', 'daemonset', 'agent', '-n', NS, '-o', 'json')) as DaemonSet;
  const s = ds.status!;
  await page.locator('[data-testid=nav-daemonsets]').click();
  const row = page.locator('[data-testid=resource-row][data-name=agent]');
  await expect(row).toContainText(String(s.desiredNumberScheduled));
  await row.locator('[data-testid=resource-link]').click();
  await expect(objectScreen('DaemonSet')).toHaveAttribute('data-name', 'agent');
  await expect(fact('Nodes')).toContainText(`${s.desiredNumberScheduled} desired, ${s.currentNumberScheduled} current, ${s.numberReady} ready`);
  const nodes = (await kd.kubectl('get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}')).trim().split(/\s+/);
  const pods = related('Pods by node');
  await expect(pods.locator('[data-testid=object-link]')).toHaveCount(nodes.length);
  for (const n of nodes) await expect(pods).toContainText(`${n}: Running`);
  await page.screenshot({ path: `${SHOTS}daemonset-detail.png`, fullPage: true });
  await gotoRetrying(page, `${kd.uiUrl.replace(/\/$/, '')}/#/daemonsets/${NS}/agent`);
  await expect(objectScreen('DaemonSet')).toHaveAttribute('data-name', 'agent');
});
