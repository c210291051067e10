import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { newFixture, type Fixture } from '../registry/testing/registry-fixture';
import { withMetrics } from './metrics-resource';
import type { MetricsProvider, NodeUsage } from '../../node-api/metrics';

let f: Fixture;
let uid = '';
const usage: NodeUsage[] = [];
const provider: MetricsProvider = { nodes: () => usage, nodeHistory: () => [], podHistory: () => [{ timeMs: 10_000, cpuNanoCores: 5_000_000, memoryWorkingSetBytes: 1024 }] };

beforeAll(async () => {
  f = await newFixture();
  const pod = (name: string, app: string) => ({ metadata: { name, labels: { app } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
  uid = (await f.r('pods').create('default', pod('web', 'web'), {})).metadata.uid!;
  await f.r('pods').create('default', pod('db', 'db'), {});
  await f.r('nodes').create(undefined, { metadata: { name: 'n1', labels: { zone: 'a' } } }, {});
  usage.push({
    node: 'n1',
    timeMs: Date.parse('2026-01-01T00:00:00Z'),
    windowSeconds: 1,
    cpuNanoCores: 250_000_000,
    memoryWorkingSetBytes: 4 * 1024 * 1024,
    pods: [{ namespace: 'default', name: 'web', uid, timeMs: Date.parse('2026-01-01T00:00:00Z'), windowSeconds: 1, containers: [{ name: 'c', cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 4 * 1024 * 1024 }] }],
  });
});
afterAll(() => f.close());

describe('metrics.k8s.io over the registry', () => {
  const reg = () => withMetrics(f.registry, provider);

  it('lists PodMetrics of pods with readings, with their labels and selectors', async () => {
    const pods = reg().lookup('metrics.k8s.io', 'v1beta1', 'pods')!;
    const list = await pods.list('default', {});
    expect(list.kind).toBe('PodMetricsList');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      kind: 'PodMetrics',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      timestamp: '2026-01-01T00:00:00Z',
      window: '1s',
      containers: [{ name: 'c', usage: { cpu: '250000000n', memory: '4096Ki' } }],
    });
    expect((await pods.list('default', { labelSelector: 'app=db' })).items).toHaveLength(0);
    const one = await pods.get('default', 'web');
    expect(one.metadata.name).toBe('web');
    // A single GET carries the history for the app's sparklines; lists do not.
    expect(JSON.parse(one.metadata.annotations!['kubedeck.io/usage-history']!)).toEqual([[10, 5, 1024]]);
    expect(list.items[0]!.metadata.annotations).toBeUndefined();
    await expect(pods.get('default', 'db')).rejects.toBeInstanceOf(ApiError);
  });

  it('serves NodeMetrics and refuses writes', async () => {
    const nodes = reg().lookup('metrics.k8s.io', 'v1beta1', 'nodes')!;
    expect((await nodes.list(undefined, { labelSelector: 'zone=a' })).items[0]).toMatchObject({ kind: 'NodeMetrics', usage: { cpu: '250000000n', memory: '4096Ki' } });
    expect((await nodes.list(undefined, { labelSelector: 'zone=b' })).items).toHaveLength(0);
    await expect(nodes.create(undefined, {}, {})).rejects.toMatchObject({ status: { code: 405 } });
  });

  it('leaves every other lookup to the inner registry', () => {
    expect(reg().lookup('', 'v1', 'pods')).toBe(f.registry.lookup('', 'v1', 'pods'));
  });
});
