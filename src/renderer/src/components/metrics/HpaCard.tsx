/**
 * The HPA card of a workload: current vs target utilisation, min/max, and
 * desired vs current replicas over time with the rescale events marked.
 * Samples are taken from the live HPA while a card of it is open (on each new
 * status and every 10 s) and kept for the page's life, so leaving and coming
 * back continues the line; the HPA's SuccessfulRescale events reach further
 * back, so a card opened after a scale-up still shows it.
 */
import { useEffect, useState } from 'react';
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import { GVR } from '../../../../shared/api/resources';
import { hpaSummary } from '../../lib/k8s/metrics';
import { EVENT_GVR, eventsFor, type Event } from '../../lib/k8s/event';
import { addSample, replicaChartData, scaleEvents, type ReplicaSample } from '../../lib/k8s/replica-history';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { useNow } from '../../hooks/use-now';
import { ObjectLink } from '../resources/ObjectLink';
import { ReplicaChart } from './ReplicaChart';

/** Samples per HPA uid, kept while the page lives (not across reloads). */
const keptSamples = new Map<string, ReplicaSample[]>();

/** HpaCards shows a card per HPA whose scale target is the given workload (none: nothing). */
export function HpaCards({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { items } = useListWatch<HorizontalPodAutoscaler>(GVR.horizontalpodautoscalers, namespace);
  const mine = items.filter((h) => h.spec.scaleTargetRef.kind === kind && h.spec.scaleTargetRef.name === name);
  return (
    <>
      {mine.map((h) => (
        <HpaCard key={h.metadata.uid} hpa={h} />
      ))}
    </>
  );
}

/** HpaCard is one HPA's card (also the top of the HPA's own detail page). */
export function HpaCard({ hpa }: { hpa: HorizontalPodAutoscaler }) {
  const namespace = hpa.metadata.namespace ?? 'default';
  const hpaName = hpa.metadata.name ?? '';
  const events = useListWatch<Event>(EVENT_GVR, namespace);
  const now = useNow(10_000);
  const s = hpaSummary(hpa);
  const uid = hpa.metadata.uid ?? `${namespace}/${hpaName}`;
  const [samples, setSamples] = useState<ReplicaSample[]>(() => keptSamples.get(uid) ?? []);
  // A sample on each status the watch brings and on each 10 s tick.
  useEffect(() => {
    setSamples((prev) => {
      const next = addSample(prev, { t: Date.now(), desired: s.desiredReplicas, current: s.currentReplicas });
      keptSamples.set(uid, next);
      return next;
    });
  }, [uid, hpa.metadata.resourceVersion, now, s.desiredReplicas, s.currentReplicas]);
  const rescales = scaleEvents(eventsFor(events.items, 'HorizontalPodAutoscaler', namespace, hpaName));
  const chart = replicaChartData(samples, rescales, Math.max(now, samples[samples.length - 1]?.t ?? 0), s.max);
  return (
    <section className="card hpa-card" data-testid="hpa-card" data-name={hpaName}>
      <h2>
        Autoscaler <ObjectLink kind="HorizontalPodAutoscaler" name={hpaName} namespace={namespace} label={hpaName} />
      </h2>
      <dl className="facts">
        <dt>{s.resource === 'memory' ? 'Memory' : 'CPU'}</dt>
        <dd data-testid="hpa-targets" data-current={s.current} data-target={s.target}>
          <strong>{s.current}</strong> current / {s.target} target{s.current.endsWith('%') ? ' (of requests)' : ''}
        </dd>
        <dt>Replicas</dt>
        <dd data-testid="hpa-replicas" data-current={s.currentReplicas} data-desired={s.desiredReplicas} data-min={s.min} data-max={s.max}>
          {s.currentReplicas} current, {s.desiredReplicas} desired (min {s.min}, max {s.max})
        </dd>
        <dt>Rescales</dt>
        <dd data-testid="hpa-rescales" data-count={chart.events.length}>
          {chart.events.length === 0 ? <span className="muted">none in the last 16 min</span> : chart.events.map((e) => `→${e.size}`).join(' ')}
        </dd>
      </dl>
      <ReplicaChart data={chart} />
    </section>
  );
}
