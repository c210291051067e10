/** The horizontalpodautoscalers table, as kubectl's printer (pkg/printers/internalversion: printHorizontalPodAutoscaler). */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../../../shared/api/autoscaling';
import type { KubeObject } from '../../../shared/api/meta';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

function oneTarget(spec: MetricSpec, current: MetricStatus | undefined): string {
  if (spec.type !== 'Resource' || !spec.resource) return `<unknown>/<unknown>`;
  const name = spec.resource.name;
  const t = spec.resource.target;
  const cur = current?.type === 'Resource' && current.resource?.name === name ? current.resource.current : undefined;
  if (t.type === 'Utilization' && t.averageUtilization !== undefined) {
    const c = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
    return `${name}: ${c}/${t.averageUtilization}%`;
  }
  const c = cur?.averageValue ?? '<unknown>';
  return `${name}: ${c}/${t.averageValue ?? '<unknown>'}`;
}

/** formatTargets prints "cpu: 75%/50%", several joined by ", " and past two as " + N more...". */
export function formatTargets(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const current = hpa.status?.currentMetrics ?? [];
  const parts = specs.map((s, i) => oneTarget(s, current.find((c) => c.type === s.type && c.resource?.name === s.resource?.name) ?? current[i]));
  if (parts.length > 2) return `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...`;
  return parts.join(', ');
}

/** hpaPrinter is the horizontalpodautoscalers table. */
export const hpaPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'integer', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'integer', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageColumn(),
  ],
  cells: (obj: KubeObject, now: Date) => {
    const h = obj as HorizontalPodAutoscaler;
    const ref = h.spec.scaleTargetRef;
    return [
      h.metadata.name ?? '',
      `${ref.kind}/${ref.name}`,
      formatTargets(h),
      h.spec.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>',
      h.spec.maxReplicas,
      h.status?.currentReplicas ?? 0,
      translateTimestampSince(h.metadata.creationTimestamp, now),
    ];
  },
};
