import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { printerFor } from './index';
import { buildTable, humanDuration } from './printer';
import { podRowState } from '../../../shared/api/printing';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (s: number) => `${new Date(now.getTime() - s * 1000).toISOString().slice(0, 19)}Z`;

describe('humanDuration', () => {
  it('follows apimachinery HumanDuration', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [-5 * s, '<invalid>'],
      [-1 * s, '0s'],
      [5 * s, '5s'],
      [119 * s, '119s'],
      [182 * s, '3m2s'],
      [180 * s, '3m'],
      [10 * 60 * s, '10m'],
      [179 * 60 * s, '179m'],
      [3 * 3600 * s, '3h'],
      [(5 * 3600 + 30 * 60) * s, '5h30m'],
      [20 * 3600 * s, '20h'],
      [(2 * 24 + 3) * 3600 * s, '2d3h'],
      [4 * 24 * 3600 * s, '4d'],
      [30 * 24 * 3600 * s, '30d'],
      [(2 * 365 + 3) * 24 * 3600 * s, '2y3d'],
      [9 * 365 * 24 * 3600 * s, '9y'],
    ];
    for (const [ms, want] of cases) expect(humanDuration(ms), String(ms)).toBe(want);
  });
});

function mkPod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: ago(65) },
    spec: { containers: [{ name: 'app', image: 'x' }] },
    status,
    ...extra,
  };
}

const cs = (state: object, more: object = {}) => ({ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state, ...more });

describe('pod status column', () => {
  it('computes kubectl reasons', () => {
    expect(podRowState(mkPod({ phase: 'Pending' }), now).reason).toBe('Pending');
    expect(podRowState(mkPod({ phase: 'Pending', containerStatuses: [cs({ waiting: { reason: 'ContainerCreating' } })] }), now).reason).toBe('ContainerCreating');
    const running = podRowState(mkPod({ phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true })] }), now);
    expect(running).toEqual({ ready: '1/1', reason: 'Running', restarts: '0' });
    const crash = podRowState(
      mkPod({
        phase: 'Running',
        containerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: ago(120) } } })],
      }),
      now,
    );
    expect(crash).toEqual({ ready: '0/1', reason: 'CrashLoopBackOff', restarts: '4 (2m ago)' });
    expect(podRowState(mkPod({ phase: 'Succeeded', containerStatuses: [cs({ terminated: { exitCode: 0, reason: 'Completed' } })] }), now).reason).toBe('Completed');
    expect(podRowState(mkPod({ phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 137 } })] }), now).reason).toBe('ExitCode:137');
    expect(podRowState(mkPod({ phase: 'Running', containerStatuses: [cs({ running: {} }, { ready: true })] }, { metadata: { name: 'p', deletionTimestamp: ago(0) } }), now).reason).toBe('Terminating');
  });
  it('shows init progress', () => {
    const p = mkPod(
      { phase: 'Pending', initContainerStatuses: [{ ...cs({ waiting: { reason: 'PodInitializing' } }), name: 'init' }] },
      { spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }] } },
    );
    expect(podRowState(p, now).reason).toBe('Init:0/1');
    const failed = mkPod(
      { phase: 'Pending', initContainerStatuses: [{ ...cs({ waiting: { reason: 'CrashLoopBackOff' } }), name: 'init' }] },
      { spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'x' }] } },
    );
    expect(podRowState(failed, now).reason).toBe('Init:CrashLoopBackOff');
  });
});

describe('tables', () => {
  it('declares kubectl column names with priorities', () => {
    const cols = (r: string) => printerFor(r).columns.map((c) => (c.priority ? `(${c.name})` : c.name));
    expect(cols('pods')).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', '(IP)', '(Node)', '(Nominated Node)', '(Readiness Gates)']);
    expect(cols('deployments')).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(cols('replicasets')).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', '(Containers)', '(Images)', '(Selector)']);
    expect(cols('nodes')).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version', '(Internal-IP)', '(External-IP)', '(OS-Image)', '(Kernel-Version)', '(Container-Runtime)']);
    expect(cols('services')).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', '(Selector)']);
    expect(cols('namespaces')).toEqual(['Name', 'Status', 'Age']);
    expect(cols('events').filter((c) => !c.startsWith('('))).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
    expect(cols('endpoints')).toEqual(['Name', 'Endpoints', 'Age']);
    expect(cols('configmaps')).toEqual(['Name', 'Data', 'Age']);
    expect(cols('secrets')).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(cols('leases')).toEqual(['Name', 'Holder', 'Age']);
  });

  it('builds rows with PartialObjectMetadata, the full object, or none', () => {
    const p = mkPod({ phase: 'Running', podIP: '10.1.0.5', containerStatuses: [cs({ running: {} }, { ready: true })] });
    p.spec.nodeName = 'node-1';
    const t = buildTable(printerFor('pods'), [p], { resourceVersion: '7' }, 'Metadata', now);
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '7' });
    expect(t.rows[0]!.cells).toEqual(['p', '1/1', 'Running', '0', '65s', '10.1.0.5', 'node-1', '<none>', '<none>']);
    expect(t.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
    expect(buildTable(printerFor('pods'), [p], {}, 'Object', now).rows[0]!.object).toBe(p);
    expect(buildTable(printerFor('pods'), [p], {}, 'None', now).rows[0]!.object).toBeUndefined();
  });

  it('renders deployments, services, nodes, endpoints and events cells', () => {
    const row = (r: string, o: KubeObject) => printerFor(r).cells(o, now);
    const meta = { name: 'x', creationTimestamp: ago(3 * 86400 + 3600) };
    expect(
      row('deployments', {
        metadata: meta,
        spec: { replicas: 3, selector: { matchLabels: { app: 'x' } }, template: { spec: { containers: [{ name: 'a', image: 'i:1' }, { name: 'b', image: 'j:2' }] } } },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      }),
    ).toEqual(['x', '2/3', 3, 2, '3d1h', 'a,b', 'i:1,j:2', 'app=x']);
    expect(
      row('services', { metadata: meta, spec: { type: 'NodePort', clusterIP: '10.96.0.2', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'x' } } }),
    ).toEqual(['x', 'NodePort', '10.96.0.2', '<none>', '80:30080/TCP,53/UDP', '3d1h', 'app=x']);
    expect(row('services', { metadata: meta, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.3', ports: [{ port: 80, protocol: 'TCP' }] } })[3]).toBe('<pending>');
    expect(
      row('nodes', {
        metadata: { ...meta, labels: { 'node-role.kubernetes.io/control-plane': '' } },
        spec: { unschedulable: true },
        status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' }, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
      }).slice(0, 7),
    ).toEqual(['x', 'Ready,SchedulingDisabled', 'control-plane', '3d1h', 'v1.32.0', '172.18.0.2', '<none>']);
    expect(row('nodes', { metadata: meta, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } })[1]).toBe('NotReady');
    expect(
      row('endpoints', { metadata: meta, subsets: [{ addresses: [{ ip: '1.1.1.1' }, { ip: '1.1.1.2' }, { ip: '1.1.1.3' }, { ip: '1.1.1.4' }], ports: [{ port: 80 }] }] })[1],
    ).toBe('1.1.1.1:80,1.1.1.2:80,1.1.1.3:80 + 1 more...');
    expect(row('endpoints', { metadata: meta })[1]).toBe('<none>');
    const ev = row('events', {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      type: 'Warning',
      reason: 'BackOff',
      message: ' Back-off restarting failed container ',
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 5,
      source: { component: 'kubelet', host: 'node-1' },
    });
    expect(ev).toEqual(['30s', 'Warning', 'BackOff', 'pod/web-1', '', 'kubelet, node-1', 'Back-off restarting failed container', '10m', 5, 'e1']);
    expect(row('secrets', { metadata: meta, type: 'Opaque', data: { a: 'eA==' } })).toEqual(['x', 'Opaque', 1, '3d1h']);
    expect(row('configmaps', { metadata: meta, data: { a: '1' }, binaryData: { b: 'eA==' } })).toEqual(['x', 2, '3d1h']);
  });
});
