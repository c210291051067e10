/**
 * TimelineScreen: one object's path through the control loop (issue 13).
 * The timeline lists every write (who, when since the first request, store
 * revision, fields changed, which watches got it) and the Events about the
 * object, its owners and its dependents. Flow mode plays the same steps on a
 * diagram of the components, the timeline filling in beneath as it goes.
 */
import type { TimelineObjectRef } from '../../../../shared/api/timeline';
import { podHref, timelineHref } from '../../hooks/use-route';
import { kindByResource } from '../../lib/kinds/registry';
import { flowFrame, formatMs } from '../../lib/k8s/timeline';
import { useTimeline } from '../../lib/k8s/timeline';
import { ErrorBox, Loading } from '../common/States';
import { FlowDiagram } from './FlowDiagram';
import { TimelineSteps } from './TimelineSteps';
import { usePlayback } from './use-playback';
import './timeline.css';

function objectHref(o: TimelineObjectRef): string {
  if (o.resource === 'pods') return podHref(o.namespace, o.name);
  return `#/${o.resource}/${encodeURIComponent(o.namespace ?? 'default')}/${encodeURIComponent(o.name)}`;
}

export interface TimelineScreenProps {
  resource: string;
  namespace: string;
  name: string;
  flow: boolean;
  /** Shown above the diagram in the follow-the-next-object screen. */
  heading?: string;
}

/** TimelineScreen shows the timeline (and in flow mode the diagram) of one object, refreshed while open. */
export function TimelineScreen({ resource, namespace, name, flow, heading }: TimelineScreenProps) {
  const kind = kindByResource(resource);
  const group = kind?.gvr.group ?? '';
  const q = useTimeline(group, resource, namespace, name, flow ? 1000 : 2000);
  const steps = q.data?.steps ?? [];
  const play = usePlayback(steps.length, flow);
  const shownSteps = flow ? steps.slice(0, play.step + 1) : steps;
  const current = flow && play.step >= 0 ? steps[play.step] : undefined;
  const frame = current ? flowFrame(current, play.phase) : undefined;
  const title = kind?.kind ?? resource;
  return (
    <div className="screen" data-testid={flow ? 'screen-flow' : 'screen-timeline'} data-name={name}>
      <div className="screen-header">
        <h1>
          {heading ?? (
            <>
              <a href={q.data ? objectHref(q.data.object) : '#/'} className="muted">
                {title} {name}
              </a>{' '}
              / {flow ? 'flow' : 'timeline'}
            </>
          )}
        </h1>
      </div>
      <nav className="tabs" aria-label="Timeline views">
        <a href={timelineHref(resource, namespace, name)} className={`tab${flow ? '' : ' active'}`} aria-current={flow ? undefined : 'page'} data-testid="timeline-tab">
          Timeline
        </a>
        <a href={timelineHref(resource, namespace, name, true)} className={`tab${flow ? ' active' : ''}`} aria-current={flow ? 'page' : undefined} data-testid="flow-tab">
          Flow
        </a>
      </nav>
      {q.isLoading ? <Loading what="timeline" /> : null}
      {q.error && !q.data ? <ErrorBox error={q.error} /> : null}
      {q.data ? (
        <>
          <p className="timeline-chain" data-testid="timeline-chain">
            {q.data.objects.map((o, i) => (
              <span key={o.uid ?? `${o.kind}/${o.name}`}>
                {i > 0 ? <span className="muted"> → </span> : null}
                <a href={timelineHref(o.resource, o.namespace, o.name, flow)} className={o.uid === q.data.object.uid ? 'timeline-self' : undefined}>
                  {o.kind} {o.name}
                </a>
              </span>
            ))}
            <span className="muted">
              {' '}
              · {steps.length} steps over {formatMs(steps.at(-1)?.sinceStartMs ?? 0)} · read at revision {q.data.revision}
              {q.data.compactedBefore ? ` · history before revision ${q.data.compactedBefore} was compacted` : ''}
              {q.data.omittedWrites ? ` · ${q.data.omittedWrites} writes between the first and the latest left out` : ''}
            </span>
          </p>
          {flow ? (
            <>
              <FlowDiagram frame={frame} revision={current?.revision} />
              <div className="flow-controls">
                <button type="button" className="button small" onClick={play.replay} data-testid="flow-replay">
                  Replay
                </button>
                <button type="button" className="button small" onClick={play.back} disabled={play.step <= 0 && play.phase === 0} aria-label="Previous phase" data-testid="flow-back">
                  ◀
                </button>
                <button type="button" className="button small" onClick={play.forward} disabled={play.atEnd} aria-label="Next phase" data-testid="flow-forward">
                  ▶
                </button>
                <button type="button" className="button small" onClick={play.toggle} disabled={play.atEnd} data-testid="flow-pause">
                  {play.playing ? 'Pause' : 'Play'}
                </button>
                <button type="button" className="button small" onClick={play.skipToEnd} disabled={play.atEnd} data-testid="flow-skip">
                  Show all
                </button>
                <span className="muted" data-testid="flow-progress">
                  step {Math.max(0, play.step + 1)} of {steps.length}
                  {play.atEnd ? ' · live: new steps play as they happen' : ''}
                </span>
              </div>
            </>
          ) : null}
          <TimelineSteps steps={shownSteps} {...(flow ? { current: play.step } : {})} />
        </>
      ) : null}
    </div>
  );
}
