/**
 * Issue 10 A5/A6: actions from the window do what kubectl does.
 * A5: scale to 5 (through the command palette), rollout undo to revision 1
 * from the history, cordon + drain a node (a second, virtual node from the
 * data dir's config.yaml; an unmanaged pod refuses the drain until forced),
 * delete with Orphan: after each, the real kubectl shows the state the
 * equivalent kubectl command gives.
 * A6: editing a Deployment after kubectl changed it shows the 409 conflict
 * with both versions, and nothing is overwritten.
 * A7 (part): screenshot of the rollout history to docs/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { login } from './support/page-helpers';
import { removePodContainers, startKubedeck, type Kubedeck } from './support/kubedeck';

const NS = 'e2e-actions';
const OTHER = 'e2e-actions-b';
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const CONVERGE = 120_000;

test.describe.configure({ mode: 'serial' });

let kd: Kubedeck;
let page: Page;

const deployment = (image: string, cause: string) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS, annotations: { 'kubernetes.io/change-cause': cause } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
      },
    },
  });

async function kubectlIn(input: string, ...args: string[]): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kd.kubeconfig, ...args], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(input);
  });
}

const jsonpath = (what: string, path: string, ...more: string[]) => kd.kubectl('get', what, '-n', NS, ...more, '-o', `jsonpath=${path}`);

test.beforeAll(async ({ browser }) => {
  kd = await startKubedeck({ config: `nodes:\n  - kind: local\n  - kind: virtual\n    name: ${OTHER}\n` });
  await kd.kubectl('create', 'namespace', NS);
  await kubectlIn(deployment('busybox:latest', 'first release'), 'apply', '-f', '-');
  await kd.kubectl('rollout', 'status', `deployment/web`, '-n', NS, '--timeout=120s');
  // Revision 2: a new image, with its change-cause.
  await kd.kubectl('set', 'image', 'deployment/web', 'c=kubedeck/busybox:latest', '-n', NS);
  await kd.kubectl('annotate', '--overwrite', 'deployment/web', '-n', NS, 'kubernetes.io/change-cause=kubectl set image c=kubedeck/busybox:latest');
  await kd.kubectl('rollout', 'status', `deployment/web`, '-n', NS, '--timeout=120s');
  await mkdir(SHOTS, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await login(page, kd.loginUrl);
  await expect(page.locator(`[data-testid=namespace-select] option[value="${NS}"]`)).toHaveCount(1);
  await page.locator('[data-testid=namespace-select]').selectOption(NS);
  await page.locator('[data-testid=nav-workloads]').click();
});

test.afterAll(async () => {
  await kd?.kubectlStatus('delete', 'deployments,replicasets,pods', '--all', '-n', NS, '--wait=true', '--timeout=90s');
  await page?.close();
  await kd?.stop();
  await removePodContainers(NS);
});

const dialog = (id: string) => page.locator(`[data-testid=${id}]`);

test('A5: scale to 5 from the command palette; kubectl sees 5 ready replicas', async () => {
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette-screen-command').getByTestId('kubectl-command')).toHaveText(`kubectl get deployments,replicasets,pods -n ${NS} -o wide`);
  await page.getByRole('combobox', { name: 'Search objects and actions' }).fill('scale deployment/web');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toHaveText(`Scale deployment/web (${NS})`);
  await page.keyboard.press('Enter');
  const scale = dialog('scale-dialog');
  await expect(scale.getByRole('spinbutton', { name: 'Replicas' })).toHaveValue('2');
  for (let i = 0; i < 3; i++) await scale.getByRole('button', { name: 'Increase replicas' }).click();
  await scale.getByRole('button', { name: 'Scale to 5' }).click();
  await expect(scale.getByTestId('action-result')).toHaveText('deployment/web scaled');
  // desired vs actual, live, until converged
  await expect(scale.getByTestId('scale-live')).toHaveAttribute('data-desired', '5');
  await expect(scale.getByTestId('scale-live')).toHaveAttribute('data-ready', '5', { timeout: CONVERGE });
  await expect(scale.getByTestId('kubectl-command')).toHaveText(`kubectl scale deployment/web -n ${NS} --replicas=5`);
  await scale.getByRole('button', { name: 'Close', exact: true }).click();
  expect(await jsonpath('deployment/web', '{.spec.replicas}/{.status.readyReplicas}')).toBe('5/5');
});

test('A5: rollout undo to revision 1 from the history (screenshot); kubectl shows revision 3 = the old template', async () => {
  await page.getByRole('button', { name: 'Rollout history / undo deployment/web' }).click();
  const history = dialog('rollout-dialog');
  await expect(history.getByTestId('revision-row')).toHaveCount(2);
  await expect(history.locator('[data-testid=revision-row][data-revision="2"]')).toContainText('kubedeck/busybox:latest');
  await expect(history.locator('[data-testid=revision-row][data-revision="2"]')).toContainText('kubectl set image');
  await expect(history.locator('[data-testid=revision-row][data-revision="1"]')).toContainText('first release');
  await history.getByRole('radio', { name: 'Revision 1' }).check();
  await history.screenshot({ path: `${SHOTS}rollout-history.png`, animations: 'disabled' });
  await history.getByRole('button', { name: 'Undo to revision 1' }).click();
  await history.getByRole('button', { name: 'Yes, roll back to revision 1' }).click();
  await expect(history.getByTestId('action-result')).toHaveText('deployment/web rolled back to revision 1');
  await history.getByRole('button', { name: 'Close', exact: true }).click();
  await kd.kubectl('rollout', 'status', 'deployment/web', '-n', NS, '--timeout=120s');
  // What `kubectl rollout undo --to-revision=1` leaves: the old template back as revision 3, its change-cause copied.
  expect(await jsonpath('deployment/web', '{.spec.template.spec.containers[0].image}')).toBe('busybox:latest');
  expect(await jsonpath('deployment/web', `{.metadata.annotations.deployment\\.kubernetes\\.io/revision}`)).toBe('3');
  expect(await jsonpath('deployment/web', `{.metadata.annotations.kubernetes\\.io/change-cause}`)).toBe('first release');
  const history2 = await kd.kubectl('rollout', 'history', 'deployment/web', '-n', NS);
  expect(history2).toMatch(/^2\s+kubectl set image/m);
  expect(history2).toMatch(/^3\s+first release/m);
  expect(history2).not.toMatch(/^1\s/m);
  expect(await jsonpath('deployment/web', '{.spec.replicas}/{.status.readyReplicas}/{.status.updatedReplicas}')).toBe('5/5/5');
});

test('rollout pause, restart refused while paused, resume, restart: kubectl shows the same fields', async () => {
  const oneStep = async (label: string, testId: string) => {
    await page.getByRole('button', { name: `${label} deployment/web` }).click();
    const d = dialog(testId);
    await d.getByRole('button', { name: label, exact: true }).click();
    await expect(d.getByTestId('action-result')).toHaveAttribute('data-state', /^(done|error)$/);
    const text = await d.getByTestId('action-result').textContent();
    await d.getByRole('button', { name: /^(Close|Cancel)$/ }).click();
    return text;
  };
  expect(await oneStep('Pause rollout', 'pause-dialog')).toBe('deployment/web paused');
  expect(await jsonpath('deployment/web', '{.spec.paused}')).toBe('true');
  expect(await oneStep('Restart', 'restart-dialog')).toBe("can't restart paused deployment (run rollout resume first)");
  expect(await oneStep('Resume rollout', 'resume-dialog')).toBe('deployment/web resumed');
  expect(await jsonpath('deployment/web', '{.spec.paused}')).toBe('');
  expect(await oneStep('Restart', 'restart-dialog')).toBe('deployment/web restarted');
  expect(await jsonpath('deployment/web', `{.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}`)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await kd.kubectl('rollout', 'status', 'deployment/web', '-n', NS, '--timeout=120s');
  expect(await jsonpath('deployment/web', `{.metadata.annotations.deployment\\.kubernetes\\.io/revision}`)).toBe('4');
});

test('A6: saving an edit after kubectl changed the Deployment shows the conflict with both versions and overwrites nothing', async () => {
  await page.getByRole('button', { name: 'Edit YAML deployment/web' }).click();
  const edit = dialog('edit-dialog');
  const area = edit.getByRole('textbox', { name: 'YAML of deployment/web' });
  await expect(area).toHaveValue(/replicas: 5/);
  const mine = (await area.inputValue()).replace(/^(\s+)replicas: 5$/m, '$1replicas: 7');
  expect(mine).toContain('replicas: 7');
  await area.fill(mine);
  // Meanwhile, someone else changes it.
  await kd.kubectl('label', 'deployment/web', '-n', NS, 'changed-by=kubectl');
  await edit.getByRole('button', { name: 'Save' }).click();
  const conflict = edit.getByTestId('edit-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('alert')).toContainText('Nothing was saved');
  await expect(edit.getByTestId('edit-conflict-mine')).toContainText('replicas: 7');
  await expect(edit.getByTestId('edit-conflict-mine')).not.toContainText('changed-by');
  await expect(edit.getByTestId('edit-conflict-live')).toContainText('changed-by: kubectl');
  await expect(edit.getByTestId('edit-conflict-live')).toContainText('replicas: 5');
  // Nothing was overwritten: kubectl's change stands and replicas is still 5.
  expect(await jsonpath('deployment/web', '{.spec.replicas} {.metadata.labels.changed-by}')).toBe('5 kubectl');

  // Start again from the live version: a field the server does not know is shown as Apply shows it, and nothing is saved.
  await edit.getByRole('button', { name: 'Discard mine, edit the live version' }).click();
  await expect(area).toHaveValue(/changed-by: kubectl/);
  const live = await area.inputValue();
  await area.fill(live.replace(/^spec:$/m, 'spec:\n  foo: 1'));
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByTestId('edit-error')).toContainText('unknown field "spec.foo"');
  await expect(edit.getByTestId('edit-error-field')).toHaveText('spec.foo');
  // A valid edit of the live version saves.
  await area.fill(live.replace(/^(\s+)changed-by: kubectl$/m, '$1changed-by: kubectl\n$1edited-in: ui'));
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByTestId('edit-saved')).toContainText('deployment/web edited');
  expect(await jsonpath('deployment/web', '{.spec.replicas} {.metadata.labels.changed-by} {.metadata.labels.edited-in}')).toBe('5 kubectl ui');
  await edit.getByRole('button', { name: 'Close', exact: true }).click();
});

test('A5: cordon and drain a node; an unmanaged pod blocks the drain until forced; kubectl shows the pods moved', async () => {
  // A bare pod on the node to drain, and at least one web replica there.
  await kubectlIn(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bare', namespace: NS },
      spec: { nodeName: OTHER, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    }),
    'apply',
    '-f',
    '-',
  );
  await kd.kubectl('wait', '--for=condition=Ready', 'pod/bare', '-n', NS, '--timeout=90s');
  const nodes = (await jsonpath('pods', '{.items[*].spec.nodeName}', '-l', 'app=web')).split(' ');
  expect(nodes).toContain(OTHER);

  await page.locator('[data-testid=nav-nodes]').click();
  await page.getByRole('button', { name: `Cordon node/${OTHER}` }).click();
  await dialog('cordon-dialog').getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(dialog('cordon-dialog').getByTestId('action-result')).toHaveText(`node/${OTHER} cordoned`);
  await dialog('cordon-dialog').getByRole('button', { name: 'Close', exact: true }).click();
  expect(await kd.kubectl('get', 'node', OTHER, '-o', 'jsonpath={.spec.unschedulable}')).toBe('true');
  await expect(page.locator(`[data-testid=node-row][data-name=${OTHER}]`)).toContainText('SchedulingDisabled');

  await page.getByRole('button', { name: `Drain node/${OTHER}` }).click();
  const drain = dialog('drain-dialog');
  await expect(drain.locator('[data-testid=drain-blocked][data-name=bare]')).toContainText('cannot delete Pods that declare no controller (use --force to override)');
  await drain.getByRole('button', { name: 'Cordon and drain' }).click();
  await expect(drain.getByTestId('action-result')).toHaveAttribute('data-state', 'error');
  await expect(drain.getByTestId('action-result')).toContainText(`cannot delete Pods that declare no controller (use --force to override): ${NS}/bare`);
  // Refused: nothing was evicted.
  expect(await jsonpath('pod/bare', '{.metadata.name}')).toBe('bare');

  await drain.getByRole('checkbox', { name: /Force/ }).check();
  await expect(drain.getByTestId('kubectl-command')).toHaveText(`kubectl drain ${OTHER} --ignore-daemonsets --force`);
  await drain.getByRole('button', { name: 'Cordon and drain' }).click();
  await expect(drain.getByTestId('action-result')).toHaveText(`node/${OTHER} drained`, { timeout: CONVERGE });
  await expect(drain.locator('[data-testid=drain-report-row][data-ok=true]')).toContainText([`${NS}/bare: evicted`]);
  await drain.getByRole('button', { name: 'Close', exact: true }).click();

  // What `kubectl drain --force` leaves: node cordoned, bare pod gone, the replicas running on the other node.
  expect(await kd.kubectl('get', 'node', OTHER, '-o', 'jsonpath={.spec.unschedulable}')).toBe('true');
  expect((await kd.kubectlStatus('get', 'pod', 'bare', '-n', NS)).stderr).toContain('not found');
  await expect
    .poll(async () => (await jsonpath('pods', '{range .items[*]}{.spec.nodeName}:{.status.phase}{"\\n"}{end}', '-l', 'app=web')).trim().split('\n').sort().join(','), { timeout: CONVERGE })
    .toBe(Array(5).fill('kubedeck:Running').join(','));
});

test('A5: delete the Deployment with Orphan; kubectl shows its ReplicaSets and pods kept, without owner', async () => {
  await page.locator('[data-testid=nav-workloads]').click();
  await page.getByRole('button', { name: 'Delete deployment/web' }).click();
  const sets = (await jsonpath('replicasets', '{.items[*].metadata.name}', '-l', 'app=web')).split(' ');
  expect(sets.length).toBeGreaterThan(1);
  const del = dialog('delete-dialog');
  await del.getByRole('radio', { name: /Orphan/ }).check();
  await expect(del.getByTestId('kubectl-command')).toHaveText(`kubectl delete deployment/web -n ${NS} --cascade=orphan`);
  await del.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(del.getByTestId('action-result')).toHaveText('deployment/web deleted');
  await del.getByRole('button', { name: 'Close', exact: true }).click();
  // What `kubectl delete deployment web --cascade=orphan` leaves: no Deployment; ReplicaSets and pods stay, their ownerReferences gone.
  await expect.poll(async () => (await kd.kubectlStatus('get', 'deployment', 'web', '-n', NS)).stderr, { timeout: 30_000 }).toContain('not found');
  await expect.poll(async () => jsonpath('replicasets', '{range .items[*]}{.metadata.ownerReferences}|{end}', '-l', 'app=web'), { timeout: 30_000 }).toBe('|'.repeat(sets.length));
  expect((await jsonpath('pods', '{.items[*].status.phase}', '-l', 'app=web')).split(' ')).toEqual(Array(5).fill('Running'));
  // The UI lists the orphaned ReplicaSets on their own.
  await expect(page.locator('[data-testid=workload-row][data-kind=Deployment]')).toHaveCount(0);
  await expect(page.locator('[data-testid=workload-row][data-kind=ReplicaSet]')).toHaveCount(sets.length);
});

test('power a virtual node off and on; force-delete the pod left Terminating on it; kubectl agrees at each step', async () => {
  const ready = () => kd.kubectl('get', 'node', OTHER, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}');
  // A pod bound to the node (nodeName skips the cordon): once the node is off, nothing confirms its deletion.
  await kubectlIn(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', namespace: NS },
      spec: { nodeName: OTHER, terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }] },
    }),
    'apply',
    '-f',
    '-',
  );
  await kd.kubectl('wait', '--for=condition=Ready', 'pod/stuck', '-n', NS, '--timeout=90s');
  await page.locator('[data-testid=nav-nodes]').click();
  await page.getByRole('button', { name: `Power off node/${OTHER}` }).click();
  const off = dialog('power-off-dialog');
  await expect(off.getByTestId('kubectl-command')).toHaveText(`kubectl annotate node ${OTHER} kubedeck.io/power=off --overwrite`);
  await off.getByRole('button', { name: 'Power off', exact: true }).click();
  await expect(off.getByTestId('action-result')).toHaveText(`node/${OTHER} switched off`);
  await off.getByRole('button', { name: 'Close', exact: true }).click();
  // Heartbeats stopped: after the node monitor grace period (40 s by default) the node is NotReady (Unknown).
  await expect.poll(ready, { timeout: 120_000, intervals: [1000] }).toBe('Unknown');
  expect(await kd.kubectl('get', 'node', OTHER, '--no-headers')).toMatch(/\bNotReady\b/);
  await expect(page.locator(`[data-testid=node-row][data-name=${OTHER}]`)).toContainText('Unknown');

  // The pod on the dead node stays Terminating; force delete (from the palette) removes it as `kubectl delete --grace-period=0 --force` does.
  await kd.kubectl('delete', 'pod', 'stuck', '-n', NS, '--wait=false');
  expect(await jsonpath('pod/stuck', '{.metadata.deletionTimestamp}')).not.toBe('');
  // The Pods screen offers the force delete on the Terminating pod's row.
  await page.locator('[data-testid=nav-pods]').click();
  await expect(page.locator('[data-testid=pod-row][data-name=stuck]')).toHaveAttribute('data-status', 'Terminating');
  await expect(page.getByRole('button', { name: 'Force delete pod/stuck' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Search objects and actions' }).fill('force delete stuck');
  await expect(page.getByTestId('command-palette').getByRole('option').first()).toHaveText(`Force delete pod/stuck (${NS})`);
  await page.keyboard.press('Enter');
  const force = dialog('delete-dialog');
  await expect(force.getByTestId('kubectl-command')).toHaveText(`kubectl delete pod/stuck -n ${NS} --grace-period=0 --force`);
  await force.getByRole('button', { name: 'Force delete', exact: true }).click();
  await expect(force.getByTestId('action-result')).toHaveText('pod/stuck deleted');
  await force.getByRole('button', { name: 'Close', exact: true }).click();
  expect((await kd.kubectlStatus('get', 'pod', 'stuck', '-n', NS)).stderr).toContain('not found');

  await page.locator('[data-testid=nav-nodes]').click();
  await page.getByRole('button', { name: `Power on node/${OTHER}` }).click();
  const on = dialog('power-on-dialog');
  await on.getByRole('button', { name: 'Power on', exact: true }).click();
  await expect(on.getByTestId('action-result')).toHaveText(`node/${OTHER} switched on`);
  await on.getByRole('button', { name: 'Close', exact: true }).click();
  await expect.poll(ready, { timeout: 60_000, intervals: [1000] }).toBe('True');
});
