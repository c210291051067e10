/**
 * Issue 15 item 1, the app's side: Pod detail offers Forward for each TCP
 * container port; the link it shows is a 127.0.0.1 address that answers with
 * the pod's page (what `kubectl port-forward pod/web :80` gives; the link's
 * title names that command), and Stop closes it. The address is fetched from the test process:
 * the e2e Chromium runs in a network namespace of its own.
 */
import { expect, test, type Page } from '@playwright/test';
import { request } from 'node:http';
import { login, gotoRetrying } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-forward';
test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body.trim()));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck();
  await kd.kubectl('create', 'namespace', NS);
  await kd.kubectl('run', 'web', '-n', NS, '--image=kubedeck/busybox:latest', '--image-pull-policy=IfNotPresent', '--port=80', '--', 'sh', '-c', 'mkdir -p /www; echo forwarded-$(hostname) > /www/index.html; httpd -f -p 80 -h /www');
  await kd.kubectl('wait', '--for=condition=Ready', 'pod/web', '-n', NS, '--timeout=90s');
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
});

test.afterAll(async () => {
  await page?.close();
  await kd?.kubectlStatus('delete', 'namespace', NS, '--wait=true', '--timeout=60s');
  await kd?.stop();
  await removePodContainers(NS);
});

test('Forward on a container port gives a local address that serves the pod, and the link names the kubectl command; Stop closes it', async () => {
  await gotoRetrying(page, `${kd.uiUrl}/#/pods/${NS}/web`);
  const forward = page.locator('[data-testid=port-forward][data-port="80"]');
  await forward.getByRole('button', { name: 'Forward port 80 to this computer' }).click();
  const link = forward.getByTestId('port-forward-link');
  await expect(link).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const port = Number(new URL((await link.getAttribute('href'))!).port);
  expect(await get(port)).toBe('forwarded-web');
  expect(await Promise.all(Array.from({ length: 10 }, () => get(port)))).toEqual(Array(10).fill('forwarded-web'));
  await expect(link).toHaveAttribute('title', `kubectl port-forward pod/web ${port}:80`);

  await forward.getByRole('button', { name: 'Stop forwarding port 80' }).click();
  await expect(forward.getByRole('button', { name: 'Forward port 80 to this computer' })).toBeVisible();
  await expect(get(port)).rejects.toThrow(/ECONNREFUSED/);
});
