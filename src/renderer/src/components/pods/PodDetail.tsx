/** Pod detail: containers, conditions, events and the YAML, all live; logs and a shell in their own tabs. */
import { lazy, Suspense } from 'react';
import { dump } from 'js-yaml';
import type { ContainerState, ContainerStatus } from '../../../../shared/api/core';
import { POD_GVR, podReady, podRestarts, podStatus, type Pod } from '../../lib/k8s/pod';
import { EVENT_GVR, eventTime, eventsFor, sortEventsNewestFirst, type Event } from '../../lib/k8s/event';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { useNow } from '../../hooks/use-now';
import { StatusBadge } from '../common/StatusBadge';
import { Loading } from '../common/States';
import { podHref, type PodTab } from '../../hooks/use-route';

// xterm.js and the viewers load on first use: the first screen does without them.
const LogPanel = lazy(() => import('../logs/LogPanel'));
const ShellPanel = lazy(() => import('../shell/ShellPanel'));

const TABS: { tab: PodTab; label: string }[] = [
  { tab: 'details', label: 'Details' },
  { tab: 'logs', label: 'Logs' },
  { tab: 'shell', label: 'Shell' },
];

function stateText(state: ContainerState | undefined): string {
  if (!state) return 'unknown';
  if (state.running) return `running since ${state.running.startedAt ?? '?'}`;
  if (state.waiting) return `waiting: ${state.waiting.reason ?? ''}${state.waiting.message ? ` (${state.waiting.message})` : ''}`;
  if (state.terminated) return `terminated: ${state.terminated.reason ?? `exit ${state.terminated.exitCode}`}`;
  return 'unknown';
}

/** podYaml renders the pod without managedFields, as `kubectl get -o yaml` would by default. */
export function podYaml(pod: Pod): string {
  const { managedFields: _mf, ...metadata } = pod.metadata;
  return dump({ apiVersion: pod.apiVersion ?? 'v1', kind: pod.kind ?? 'Pod', ...pod, metadata }, { noRefs: true, lineWidth: 120 });
}

/** PodDetail shows one pod. */
export function PodDetail({ namespace, name, tab = 'details' }: { namespace: string; name: string; tab?: PodTab }) {
  const pods = useListWatch<Pod>(POD_GVR, namespace);
  const events = useListWatch<Event>(EVENT_GVR, namespace);
  const now = useNow(1000);
  if (pods.isLoading) return <Loading what="pod" />;
  const pod = pods.items.find((p) => p.metadata.name === name);
  if (!pod) {
    return (
      <div className="screen" data-testid="screen-pod">
        <p className="muted">
          Pod {namespace}/{name} does not exist (any more). <a href="#/pods">Back to pods</a>
        </p>
      </div>
    );
  }
  const status = podStatus(pod);
  const podEvents = sortEventsNewestFirst(eventsFor(events.items, 'Pod', namespace, name));
  return (
    <div className="screen" data-testid="screen-pod" data-name={name}>
      <div className="screen-header">
        <h1>
          <a href="#/pods" className="muted">
            Pods
          </a>{' '}
          / {name}
        </h1>
        <StatusBadge status={status} testId="pod-detail-status" />
      </div>
      <nav className="tabs" aria-label="Pod views">
        {TABS.map((t) => (
          <a key={t.tab} href={podHref(namespace, name, t.tab)} className={`tab${t.tab === tab ? ' active' : ''}`} aria-current={t.tab === tab ? 'page' : undefined} data-testid={`pod-tab-${t.tab}`}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'logs' ? (
        <Suspense fallback={<Loading what="log viewer" />}>
          <LogPanel key={pod.metadata.uid} pods={[pod]} />
        </Suspense>
      ) : tab === 'shell' ? (
        <Suspense fallback={<Loading what="shell" />}>
          <ShellPanel key={pod.metadata.uid} pod={pod} />
        </Suspense>
      ) : (
        <PodDetails pod={pod} namespace={namespace} now={now} events={podEvents} />
      )}
    </div>
  );
}

function PodDetails({ pod, namespace, now, events: podEvents }: { pod: Pod; namespace: string; now: number; events: Event[] }) {
  const [ready, total] = podReady(pod);
  const statuses = new Map<string, ContainerStatus>((pod.status?.containerStatuses ?? []).map((c) => [c.name, c]));
  return (
    <>
      <dl className="facts card">
        <dt>Namespace</dt>
        <dd>{namespace}</dd>
        <dt>Node</dt>
        <dd>{pod.spec?.nodeName ?? '<none>'}</dd>
        <dt>Pod IP</dt>
        <dd className="mono">{pod.status?.podIP ?? '<none>'}</dd>
        <dt>Ready</dt>
        <dd>
          {ready}/{total}
        </dd>
        <dt>Restarts</dt>
        <dd>{podRestarts(pod)}</dd>
        <dt>Age</dt>
        <dd>{formatAge(pod.metadata.creationTimestamp, now)}</dd>
        <dt>Labels</dt>
        <dd>
          {Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => (
            <span key={k} className="label-chip">
              {k}={v}
            </span>
          ))}
        </dd>
      </dl>

      <h2>Containers</h2>
      <table className="table" data-testid="pod-containers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Image</th>
            <th>State</th>
            <th>Ready</th>
            <th className="num">Restarts</th>
            <th>Ports</th>
          </tr>
        </thead>
        <tbody>
          {pod.spec.containers.map((c) => {
            const s = statuses.get(c.name);
            return (
              <tr key={c.name} data-testid="container-row" data-name={c.name}>
                <td>{c.name}</td>
                <td className="mono">{c.image}</td>
                <td>{stateText(s?.state)}</td>
                <td>{s?.ready ? 'yes' : 'no'}</td>
                <td className="num">{s?.restartCount ?? 0}</td>
                <td>{(c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ') || '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Conditions</h2>
      <table className="table" data-testid="pod-conditions">
        <thead>
          <tr>
            <th>Type</th>
            <th>Status</th>
            <th>Reason</th>
            <th>Last transition</th>
          </tr>
        </thead>
        <tbody>
          {(pod.status?.conditions ?? []).map((c) => (
            <tr key={c.type}>
              <td>{c.type}</td>
              <td>{c.status}</td>
              <td>{c.reason ?? ''}</td>
              <td>{formatAge(c.lastTransitionTime, now)} ago</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Events</h2>
      {podEvents.length === 0 ? (
        <p className="muted">No events.</p>
      ) : (
        <table className="table" data-testid="pod-events">
          <thead>
            <tr>
              <th>Type</th>
              <th>Reason</th>
              <th>Age</th>
              <th>From</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {podEvents.map((e) => (
              <tr key={e.metadata.uid} className={e.type === 'Warning' ? 'warning-row' : undefined}>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                <td>{formatAge(eventTime(e), now)}</td>
                <td>{e.source?.component ?? e.reportingComponent ?? ''}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>YAML</h2>
      <pre className="yaml card" data-testid="pod-yaml">
        {podYaml(pod)}
      </pre>
    </>
  );
}
