/** TimelineSteps: the vertical timeline of an object's path through the loop, one entry per write or Event. */
import type { TimelineStep } from '../../../../shared/api/timeline';
import { formatMs, formatValue, groupDeliveries, STAGE_LABELS } from '../../lib/k8s/timeline';

function Changes({ step }: { step: TimelineStep }) {
  const changes = step.changes ?? [];
  if (step.type === 'create') return <p className="timeline-changes-note muted">created (every field is new)</p>;
  if (changes.length === 0) return null;
  return (
    <details className="timeline-changes" open={changes.length <= 12}>
      <summary>
        {changes.length} field{changes.length === 1 ? '' : 's'} changed
      </summary>
      <ul>
        {changes.map((c) => (
          <li key={`${c.op}${c.path}`} data-testid="timeline-change" data-path={c.path}>
            <code>{c.path}</code>{' '}
            {c.op === 'add' ? (
              <span className="change-add">+ {formatValue(c.to)}</span>
            ) : c.op === 'remove' ? (
              <span className="change-remove">− {formatValue(c.from)}</span>
            ) : (
              <>
                <span className="change-remove">{formatValue(c.from)}</span> → <span className="change-add">{formatValue(c.to)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** TimelineSteps lists steps; `current` marks the one the flow diagram is playing. */
export function TimelineSteps({ steps, current }: { steps: TimelineStep[]; current?: number }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {steps.map((s, i) => (
        <li
          key={`${s.source}-${s.revision}`}
          className={`timeline-step stage-${s.stage}${s.source === 'event' ? ' is-event' : ''}${i === current ? ' current' : ''}`}
          data-testid="timeline-step"
          data-revision={s.revision}
          data-component={s.component}
          data-stage={s.stage}
          data-source={s.source}
          data-kind={s.object.kind}
          data-name={s.object.name}
          data-subresource={s.subresource}
        >
          <span className="timeline-dot" aria-hidden="true">
            {s.stage}
          </span>
          <div className="timeline-body">
            <div className="timeline-title">{s.title}</div>
            <div className="timeline-meta muted">
              <span className="timeline-chip">{s.component}</span>
              <span>+{formatMs(s.sinceStartMs)}</span>
              <span>rev {s.revision}</span>
              <span>{STAGE_LABELS[s.stage]}</span>
            </div>
            {s.deliveries?.length ? (
              <div className="timeline-deliveries muted" data-testid="timeline-deliveries">
                watch:{' '}
                {groupDeliveries(s.deliveries).map((d) => (
                  <span key={d.watcher} className="timeline-delivery">
                    {d.watcher} +{formatMs(d.latencyMs)}
                    {d.watches > 1 ? ` (${d.watches} watches)` : ''}
                  </span>
                ))}
              </div>
            ) : null}
            {s.source === 'write' ? <Changes step={s} /> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
