import { describe, expect, it } from 'vitest';
import { FakeRuntime } from '../runtime/fake/fake-runtime';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, LABEL_TYPE, TYPE_CONTAINER, TYPE_SANDBOX } from '../naming';
import { MetricsCollector } from './collector';

const labels = (pod: string, container: string, type = TYPE_CONTAINER) => ({
  [LABEL_POD_NAMESPACE]: 'default',
  [LABEL_POD_NAME]: pod,
  [LABEL_POD_UID]: `uid-${pod}`,
  [LABEL_CONTAINER_NAME]: container,
  [LABEL_TYPE]: type,
});

async function flush(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

describe('MetricsCollector', () => {
  it('follows started containers, sums pods and the node, and closes streams on stop', async () => {
    const rt = new FakeRuntime();
    let now = 1_000_000;
    const m = new MetricsCollector({ node: 'n1', now: () => now });
    m.start(rt);
    m.containerStarted('a', labels('web', 'app'));
    m.containerStarted('b', labels('web', 'side'));
    m.containerStarted('s', labels('web', 'POD', TYPE_SANDBOX));
    await flush();
    expect(m.following()).toBe(2);
    rt.emitUsage('a', { timeMs: now - 1000, cpuNanoCores: 100, cpuUsageNanoSeconds: 1, memoryWorkingSetBytes: 10 });
    rt.emitUsage('a', { timeMs: now, cpuNanoCores: 500_000_000, cpuUsageNanoSeconds: 2, memoryWorkingSetBytes: 2048 });
    rt.emitUsage('b', { timeMs: now, cpuNanoCores: 1_000, cpuUsageNanoSeconds: 2, memoryWorkingSetBytes: 1024 });
    const s = m.summary();
    expect(s.cpuNanoCores).toBe(500_001_000);
    expect(s.memoryWorkingSetBytes).toBe(3072);
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]!.containers.map((c) => c.name)).toEqual(['app', 'side']);
    m.record();
    expect(m.podHistory('default', 'web')[0]!.cpuNanoCores).toBe(500_001_000);
    expect(m.history()).toHaveLength(1);

    m.containerStopped('a');
    expect(rt.statsStreams.has('a')).toBe(false);
    expect(m.summary().cpuNanoCores).toBe(1_000);
    // A reading older than 30 s no longer counts.
    now += 60_000;
    expect(m.summary().pods).toHaveLength(0);
    m.stop();
    expect(rt.statsStreams.size).toBe(0);
  });

  it('reconcile follows exactly the running containers', async () => {
    const rt = new FakeRuntime();
    const m = new MetricsCollector({ node: 'n1' });
    m.start(rt);
    m.reconcile([{ id: 'a', labels: labels('p', 'c') }]);
    await flush();
    m.reconcile([{ id: 'b', labels: labels('q', 'c') }]);
    await flush();
    expect([...rt.statsStreams.keys()]).toEqual(['b']);
    m.stop();
  });

  it('disabled, opens no stream; switched on it follows, switched off it closes every stream and forgets the history', async () => {
    const rt = new FakeRuntime();
    const m = new MetricsCollector({ node: 'n1', enabled: false });
    m.start(rt);
    m.reconcile([{ id: 'a', labels: labels('web', 'app') }]);
    await flush();
    expect(m.following()).toBe(0);
    expect(rt.statsStreams.size).toBe(0);
    m.setEnabled(true);
    m.start(rt);
    m.reconcile([{ id: 'a', labels: labels('web', 'app') }]);
    await flush();
    expect(m.following()).toBe(1);
    m.record();
    expect(m.history()).toHaveLength(1);
    m.setEnabled(false);
    expect(rt.statsStreams.size).toBe(0);
    expect(m.history()).toEqual([]);
    m.containerStarted('b', labels('web', 'side'));
    await flush();
    expect(m.following()).toBe(0);
  });
});
