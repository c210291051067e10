/**
 * Issue 12 A1: `kubectl top pod`, `kubectl top pod --containers` and
 * `kubectl top node` against the kubelet's Docker stats streams: the figures
 * rise under a CPU-burning container and fall after it stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxPod, startOneNodeCluster, type OneNodeCluster } from './helpers/one-node-cluster';
import type { TestCluster } from './helpers/test-cluster';
import { waitFor } from './helpers/tools';

let one: OneNodeCluster;
let tc: TestCluster;
let node = '';
const podYaml = (name: string, command: string) => busyboxPod(name, node, command);

/** millicores parses kubectl top's CPU column ("123m"). */
function millicores(s: string): number {
  return s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000;
}

/** topPod returns the CPU (millicores) kubectl top pod prints for a pod, or undefined while it has no metrics. */
async function topPod(name: string, extra: string[] = []): Promise<string[][] | undefined> {
  const r = await tc.kubectl.run(['top', 'pod', name, '--no-headers', ...extra]);
  if (r.code !== 0) return undefined;
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
}

async function nodeCpu(): Promise<number | undefined> {
  const r = await tc.kubectl.run(['top', 'node', node, '--no-headers']);
  if (r.code !== 0) return undefined;
  // NAME CPU(cores) CPU% MEMORY(bytes) MEMORY%
  return millicores(r.stdout.trim().split(/\s+/)[1]!);
}

beforeAll(async () => {
  one = await startOneNodeCluster('kd-top', { metrics: true });
  tc = one.tc;
  node = one.node;
  await tc.kubectl.ok(['apply', '-f', '-'], { input: podYaml('idle', 'exec sleep 3600') });
  await waitFor(async () => (await tc.kubectl.json(['get', 'pod', 'idle'])).status?.phase === 'Running', { timeoutMs: 30_000, what: 'idle Running' });
}, 60_000);

afterAll(async () => {
  await one?.stop();
});

describe('kubectl top', () => {
  it('A1: top pod, top pod --containers and top node rise under a CPU burner and fall after it stops', async () => {
    // The idle pod: figures exist and are small.
    const idle = await waitFor(() => topPod('idle'), { timeoutMs: 30_000, what: 'metrics for idle' });
    expect(idle[0]![0]).toBe('idle');
    expect(millicores(idle[0]![1]!)).toBeLessThan(100);
    // waitFor wants a truthy value: an idle node may well print 0m.
    const idleNode = (await waitFor(async () => { const c = await nodeCpu(); return c === undefined ? undefined : { c }; }, { timeoutMs: 30_000, what: 'node metrics' })).c;

    await tc.kubectl.ok(['apply', '-f', '-'], { input: podYaml('burn', 'while :; do :; done') });
    const busy = await waitFor(
      async () => {
        const rows = await topPod('burn', ['--containers']);
        // --containers prints POD NAME CPU MEMORY.
        return rows && rows[0]![1] === 'main' && millicores(rows[0]![2]!) > 300 ? rows : undefined;
      },
      { timeoutMs: 60_000, what: 'burn above 300m' },
    );
    expect(busy[0]![0]).toBe('burn');
    expect(busy[0]![3]).toMatch(/Mi$/);
    const busyNode = await waitFor(async () => {
      const c = await nodeCpu();
      return c !== undefined && c > idleNode + 300 ? c : undefined;
    }, { timeoutMs: 30_000, what: 'node CPU up' });
    expect(busyNode).toBeGreaterThan(300);

    // Label selectors reach PodMetrics: only the burner.
    const selected = await tc.kubectl.ok(['top', 'pod', '-l', 'app=burn', '--no-headers']);
    expect(selected.trim().split('\n').map((l) => l.trim().split(/\s+/)[0])).toEqual(['burn']);

    await tc.kubectl.ok(['delete', 'pod', 'burn', '--wait=true']);
    await waitFor(async () => {
      const c = await nodeCpu();
      return c !== undefined && c < busyNode - 300 ? { c } : undefined;
    }, { intervalMs: 1000, timeoutMs: 60_000, what: 'node CPU down after the burner stopped' });
    expect(await topPod('burn')).toBeUndefined();
  }, 180_000);
});
