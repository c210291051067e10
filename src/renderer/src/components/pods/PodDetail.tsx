/** Pod detail: containers, conditions, events and the YAML, all live; logs and a shell in their own tabs. */
import { Suspense } from 'react';
import { dump } from 'js-yaml';
import type { ContainerStatus } from '../../../../shared/api/core';
import { containerStateWords, terminatedWords, whyHere, whyPending, type NodeVerdictWords } from '../../lib/k8s/pod-explain';
import { usePauseState } from '../../lib/k8s/component-pause';
import { ResumeButton } from '../control/PausedBanner';
import { podKind } from '../../lib/kinds/pod';
import { ObjectLink } from '../resources/ObjectLink';
import { ObjectRelations } from '../resources/ObjectMetadata';
import { ConditionsTable } from '../resources/ConditionsTable';
import { YamlBlock } from '../resources/YamlBlock';
import { ActionButtons } from '../actions/ActionButtons';
import { UsageSparklines } from '../metrics/UsageSparklines';
import { podResourceAmounts } from '../../lib/k8s/resource-amounts';
import { POD_GVR, podReady, podRestarts, podStatus, type Pod } from '../../lib/k8s/pod';
import { EVENT_GVR, eventTime, eventsFor, sortEventsNewestFirst, type Event } from '../../lib/k8s/event';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { formatAge } from '../../lib/k8s/age';
import { useNow } from '../../hooks/use-now';
import { StatusBadge } from '../common/StatusBadge';
import { Loading } from '../common/States';
import { podHref, type PodTab, timelineHref } from '../../hooks/use-route';
import { PullBar, PullFailureNote } from './PullProgress';
import { PortForwardButton } from './PortForwardButton';
import { pullBarValue } from '../../lib/k8s/image-pull';
import { logPanel, shellPanel } from '../../screens/panels';

// xterm.js and the viewers load on first use: the first screen does without them.
const LogPanel = logPanel.Screen;
const ShellPanel = shellPanel.Screen;

const TABS: { tab: PodTab; label: string }[] = [
  { tab: 'details', label: 'Details' },
  { tab: 'logs', label: 'Logs' },
  { tab: 'shell', label: 'Shell' },
];

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
        <a className="button small" href={timelineHref('pods', namespace, name)} data-testid="timeline-link">
          Timeline
        </a>
      </div>
      <ActionButtons target={{ kind: 'Pod', name, namespace }} only={[pod.metadata.deletionTimestamp ? 'force-delete' : 'delete', 'edit', 'copy-kubectl']} />
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
  const statuses = new Map<string, ContainerStatus>([...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].map((c) => [c.name, c]));
  const pause = usePauseState();
  const schedulerPaused = pause.isPaused('scheduler');
  const pending = whyPending(pod, { schedulerPaused });
  const placed = whyHere(pod);
  const kubeletPaused = pod.spec?.nodeName && pause.isPaused(`kubelet/${pod.spec.nodeName}`) ? pod.spec.nodeName : undefined;
  const containers = [...(pod.spec.initContainers ?? []).map((c) => ({ c, init: true })), ...pod.spec.containers.map((c) => ({ c, init: false }))];
  return (
    <>
      {pending ? (
        <section className="card why-pending" data-testid="pod-pending-why" role="status">
          <h2>Why pending</h2>
          <p data-testid="pending-summary">
            {pending.summary} {schedulerPaused ? <ResumeButton component="scheduler" /> : null}
          </p>
          {pending.fix ? (
            <p data-testid="pending-fix">
              <strong>What would fix it:</strong> {pending.fix}
            </p>
          ) : null}
          <NodeVerdictList nodes={pending.nodes} testId="pending-node" />
        </section>
      ) : null}
      {kubeletPaused ? (
        <section className="card why-pending" data-testid="pod-kubelet-paused" role="status">
          <p>
            The kubelet on {kubeletPaused} is paused: this pod is not started, stopped or reported until it is resumed. <ResumeButton component={`kubelet/${kubeletPaused}`} />
          </p>
        </section>
      ) : null}
      {placed ? (
        <details className="card why-here" data-testid="pod-placed-why" open={placed.nodes.length <= 5}>
          <summary>
            <strong>Why this node:</strong> <span data-testid="placed-summary">{placed.summary}</span>
          </summary>
          <NodeVerdictList nodes={placed.nodes} testId="placed-node" />
        </details>
      ) : null}
      {pullBarValue(pod) ? (
        <section className="card" data-testid="pod-pull">
          <PullBar pod={pod} />
        </section>
      ) : null}
      <PullFailureNote pod={pod} />
      <dl className="facts card">
        <dt>Namespace</dt>
        <dd>{namespace}</dd>
        <dt>Node</dt>
        <dd data-testid="pod-node">{pod.spec?.nodeName ? <ObjectLink kind="Node" name={pod.spec.nodeName} /> : <span className="muted">&lt;none&gt;</span>}</dd>
        {(pod.metadata.ownerReferences ?? []).length > 0 ? (
          <>
            <dt>Owned by</dt>
            <dd data-testid="owners">
              {(pod.metadata.ownerReferences ?? []).map((o) => (
                <ObjectLink key={o.uid} kind={o.kind} name={o.name} namespace={namespace} />
              ))}
            </dd>
          </>
        ) : null}
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

      <h2>Usage</h2>
      <UsageSparklines kind="pod" namespace={namespace} name={pod.metadata.name ?? ''} bounds={{ requests: podResourceAmounts(pod, 'requests'), limits: podResourceAmounts(pod, 'limits'), requestWord: 'request', limitWord: 'limit' }} />

      <h2>Containers</h2>
      <table className="table" data-testid="pod-containers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Image</th>
            <th>State</th>
            <th>Last termination</th>
            <th>Ready</th>
            <th className="num">Restarts</th>
            <th className="wide">Ports</th>
          </tr>
        </thead>
        <tbody>
          {containers.map(({ c, init }) => {
            const s = statuses.get(c.name);
            const last = s?.lastState?.terminated;
            return (
              <tr key={c.name} data-testid={init ? 'init-container-row' : 'container-row'} data-name={c.name}>
                <td>
                  {c.name}
                  {init ? <span className="muted"> (init)</span> : null}
                </td>
                <td className="mono">{c.image}</td>
                <td data-testid="container-state">{containerStateWords(s?.state, pod, now)}</td>
                <td data-testid="container-last">{last ? terminatedWords(last, now) : <span className="muted">none</span>}</td>
                <td>{s?.ready ? 'yes' : 'no'}</td>
                <td className="num" data-testid="container-restarts">{s?.restartCount ?? 0}</td>
                <td className="wide">
                  {(c.ports ?? []).length === 0
                    ? '—'
                    : (c.ports ?? []).map((p) => (
                        <span key={`${p.containerPort}/${p.protocol ?? 'TCP'}`} className="container-port">
                          {p.containerPort}/{p.protocol ?? 'TCP'}{' '}
                          {(p.protocol ?? 'TCP') === 'TCP' && !init ? <PortForwardButton namespace={pod.metadata.namespace ?? 'default'} pod={pod.metadata.name ?? ''} port={p.containerPort} running={s?.state?.running !== undefined} /> : null}
                        </span>
                      ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Conditions</h2>
      <ConditionsTable conditions={pod.status?.conditions ?? []} now={now} testId="pod-conditions" />

      <ObjectRelations obj={pod} kind={podKind} />

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
      <YamlBlock yaml={podYaml(pod)} testId="pod-yaml" />
    </>
  );
}

/** NodeVerdictList lists the scheduler's verdict per node, the chosen one marked. */
function NodeVerdictList({ nodes, testId }: { nodes: NodeVerdictWords[]; testId: string }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="node-verdicts">
      {nodes.map((n) => (
        <li key={n.node} data-testid={testId} data-node={n.node} data-fits={n.fits} data-chosen={n.chosen ? 'true' : undefined}>
          Node <ObjectLink kind="Node" name={n.node} label={n.node} />
          {n.chosen ? <strong> (chosen)</strong> : null}: {n.words}
        </li>
      ))}
    </ul>
  );
}
