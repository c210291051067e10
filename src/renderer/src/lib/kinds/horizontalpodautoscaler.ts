/** HorizontalPodAutoscalers: kubectl's columns (TARGETS as `cpu: 0%/50%`), their target, and the card on detail. */
import type { HorizontalPodAutoscaler } from '../../../../shared/api/autoscaling';
import { GVR } from '../../../../shared/api/resources';
import { hpaSummary } from '../k8s/metrics';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

const hpa = (o: unknown) => o as HorizontalPodAutoscaler;
const targets = (h: HorizontalPodAutoscaler) => {
  const s = hpaSummary(h);
  return `${s.resource}: ${s.current}/${s.target}`;
};

export const horizontalPodAutoscalerKind: KindDescriptor = {
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  kubectlName: 'horizontalpodautoscaler.autoscaling',
  title: 'Autoscalers',
  gvr: GVR.horizontalpodautoscalers,
  namespaced: true,
  columns: [
    { header: 'Reference', value: (o) => `${hpa(o).spec.scaleTargetRef.kind}/${hpa(o).spec.scaleTargetRef.name}` },
    { header: 'Targets', value: (o) => targets(hpa(o)) },
    { header: 'Min', value: (o) => String(hpa(o).spec.minReplicas ?? 1), numeric: (o) => hpa(o).spec.minReplicas ?? 1, wide: true },
    { header: 'Max', value: (o) => String(hpa(o).spec.maxReplicas), numeric: (o) => hpa(o).spec.maxReplicas, wide: true },
    { header: 'Replicas', value: (o) => String(hpa(o).status?.currentReplicas ?? 0), numeric: (o) => hpa(o).status?.currentReplicas ?? 0 },
    AGE,
  ],
  facts: (o) => [
    { term: 'Targets', value: targets(hpa(o)) },
    { term: 'Last scale', value: hpa(o).status?.lastScaleTime ?? 'never' },
  ],
  links: (o) => {
    const ref = hpa(o).spec.scaleTargetRef;
    return [{ kind: ref.kind, name: ref.name, namespace: o.metadata.namespace, note: 'scale target' }];
  },
};
