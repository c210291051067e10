/**
 * Issue 16 item 7 for StatefulSets and storage, against `npm run serve` with
 * real Docker: a StatefulSet's list row and detail (its ordinals, each with
 * its pod and its claim), the PersistentVolumeClaims list (status, volume,
 * capacity, access modes, class as `kubectl get pvc` shows them), a
 * PersistentVolume's and the default StorageClass's details, each checked
 * against kubectl's view of the same objects. Screenshots go to
 * docs/screenshots/ (statefulset-detail.png, pvcs.png).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { StatefulSet } from '../../src/shared/api/apps';
import type { PersistentVolume, PersistentVolumeClaim } from '../../src/shared/api/core';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-sts';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const manifests = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: NS },
    spec: {
      serviceName: 'db',
      replicas: 3,
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'c', image: 'kubedeck/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '256Mi' } } } }],
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
  await kd.kubectl('rollout', 'status', 'statefulset/db', '-n', NS, '--timeout=150s');
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'statefulsets,pods,persistentvolumeclaims', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

test('a StatefulSet: READY as kubectl says; its ordinals, each with its pod and its claim', async () => {
  const sts = JSON.parse(await kd.kubectl('get', 'statefulset', 'db', '-n', NS, '-o', 'json')) as StatefulSet;
  const s = sts.status!;
  expect(s.readyReplicas).toBe(3);
  await page.locator('[data-testid=nav-statefulsets]').click();
  const row = page.locator('[data-testid=resource-row][data-name=db]');
  await expect(row).toContainText('3/3');
  await row.locator('[data-testid=resource-link]').click();
  await expect(objectScreen('StatefulSet')).toHaveAttribute('data-name', 'db');
  await expect(fact('Replicas')).toHaveText(`3 desired, ${s.replicas} current, ${s.readyReplicas} ready, ${s.updatedReplicas} updated, ${s.availableReplicas} available`);
  await expect(fact('Update revision')).toHaveText(s.updateRevision!);
  await expect(fact('Service')).toHaveText('db');
  const pods = related('Pods by ordinal');
  await expect(pods.locator('[data-testid=object-link]')).toHaveCount(3);
  const claims = related('Claims by ordinal');
  await expect(claims.locator('[data-testid=object-link]')).toHaveCount(3);
  const pvcs = JSON.parse(await kd.kubectl('get', 'pvc', '-n', NS, '-o', 'json')) as { items: PersistentVolumeClaim[] };
  for (const i of [0, 1, 2]) {
    await expect(pods).toContainText(`ordinal ${i}: Running · ${s.updateRevision}`);
    const c = pvcs.items.find((x) => x.metadata.name === `data-db-${i}`)!;
    await expect(claims).toContainText(`ordinal ${i}: Bound → ${c.spec.volumeName}`);
  }
  await page.screenshot({ path: `${SHOTS}statefulset-detail.png`, fullPage: true });
});

test('PersistentVolumeClaims: the list matches kubectl get pvc; a claim links to its volume and class', async () => {
  const table = await kd.kubectl('get', 'pvc', '-n', NS);
  await page.locator('[data-testid=nav-persistentvolumeclaims]').click();
  await expect(page.locator('[data-testid=screen-persistentvolumeclaims]')).toBeVisible();
  for (const line of table.trim().split('\n').slice(1)) {
    const [name, status, volume, capacity, modes, cls] = line.split(/\s+/);
    const row = page.locator(`[data-testid=resource-row][data-name="${name}"]`);
    for (const cell of [status, volume, capacity, modes, cls]) await expect(row).toContainText(cell!);
  }
  await page.screenshot({ path: `${SHOTS}pvcs.png` });
  await page.locator('[data-testid=resource-row][data-name=data-db-1] [data-testid=resource-link]').click();
  await expect(objectScreen('PersistentVolumeClaim')).toHaveAttribute('data-name', 'data-db-1');
  await expect(page.locator('[data-testid=screen-object]')).toContainText('db-1');
  const claim = JSON.parse(await kd.kubectl('get', 'pvc', 'data-db-1', '-n', NS, '-o', 'json')) as PersistentVolumeClaim;
  await page.locator(`[data-testid=object-link][data-name="${claim.spec.volumeName}"]`).first().click();
  await expect(objectScreen('PersistentVolume')).toHaveAttribute('data-name', claim.spec.volumeName!);
  const pv = JSON.parse(await kd.kubectl('get', 'pv', claim.spec.volumeName!, '-o', 'json')) as PersistentVolume;
  await expect(fact('Status')).toHaveText(pv.status!.phase!);
  await expect(fact('Storage')).toHaveText(`Docker volume ${pv.spec.csi!.volumeHandle}`);
  await expect(fact('Reclaim policy')).toHaveText(pv.spec.persistentVolumeReclaimPolicy!);
});

test('StorageClasses: local-path is the default, WaitForFirstConsumer, and lists its claims', async () => {
  expect(await kd.kubectl('get', 'storageclass')).toMatch(/local-path \(default\)\s+kubedeck\.io\/local-path\s+Delete\s+WaitForFirstConsumer/);
  await page.locator('[data-testid=nav-storageclasses]').click();
  const row = page.locator('[data-testid=resource-row][data-name=local-path]');
  await expect(row).toContainText('kubedeck.io/local-path');
  await expect(row).toContainText('WaitForFirstConsumer');
  await row.locator('[data-testid=resource-link]').click();
  await expect(objectScreen('StorageClass')).toHaveAttribute('data-name', 'local-path');
  await expect(fact('Default class')).toHaveText('yes');
  await expect(related('Claims').locator('[data-testid=object-link]')).toHaveCount(3);
});
