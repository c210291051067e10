/**
 * The HPA card of a workload: current vs target utilisation, min/max, and
 * desired vs current replicas over time (sampled from the live HPA while
 * the card is open; each change of desired replicas is marked).
 */
import { useEffect, useRef, useState } from 'react';
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import { GVR } from '../../../../shared/api/resources';
import { hpaSummary } from '../../lib/k8s/metrics';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { Sparkline } from './Sparkline';

interface Point {
  desired: number;
  current: number;
}

export function HpaCard({ namespace, kind, name }: { namespace: string; kind: string; name: string }) {
  const { items } = useListWatch<HorizontalPodAutoscaler>(GVR.horizontalpodautoscalers, namespace);
  const hpa = items.find((h) => h.spec.scaleTargetRef.kind === kind && h.spec.scaleTargetRef.name === name);
  const [points, setPoints] = useState<Point[]>([]);
  const last = useRef<string>('');
  useEffect(() => {
    if (!hpa) return;
    const s = hpaSummary(hpa);
    const key = `${hpa.metadata.resourceVersion}`;
    if (key === last.current) return;
    last.current = key;
    setPoints((p) => [...p.slice(-95), { desired: s.desiredReplicas, current: s.currentReplicas }]);
  }, [hpa]);
  if (!hpa) return null;
  const s = hpaSummary(hpa);
  const rescales = points.filter((p, i) => i > 0 && p.desired !== points[i - 1]!.desired).length;
  return (
    <section className="card hpa-card" data-testid={`hpa-card-${hpa.metadata.name}`}>
      <h3>Autoscaler {hpa.metadata.name}</h3>
      <div data-testid="hpa-targets">
        {s.resource}: {s.current}/{s.target}
      </div>
      <div className="muted" data-testid="hpa-replicas" data-current={s.currentReplicas} data-desired={s.desiredReplicas}>
        replicas {s.currentReplicas} (desired {s.desiredReplicas}), min {s.min}, max {s.max}
      </div>
      {points.length > 1 && (
        <div>
          <Sparkline values={points.map((p) => p.desired)} label="desired replicas" ceiling={s.max} testId="hpa-desired" />
          <Sparkline values={points.map((p) => p.current)} label="current replicas" ceiling={s.max} testId="hpa-current" />
          <span className="muted" data-testid="hpa-rescales">
            {rescales} rescale{rescales === 1 ? '' : 's'}
          </span>
        </div>
      )}
    </section>
  );
}
