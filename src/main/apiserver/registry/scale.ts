/**
 * The scale subresource (autoscaling/v1 Scale) of workloads with
 * spec.replicas and a label selector: how an object reads as a Scale and
 * how a Scale's replicas are written back.
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';
import type { Scale } from '../../../shared/api/apps';
import { labelSelectorString } from '../selectors';
import { apiError, invalid, invalidValue } from '../status';
import type { FieldSchema } from './schema';

/** SCALE_SCHEMA is autoscaling/v1 Scale's fields. */
export const SCALE_SCHEMA: FieldSchema = {
  apiVersion: true,
  kind: true,
  metadata: true,
  spec: { replicas: 'int' },
  status: { replicas: 'int', selector: 'string' },
};

/** toScale renders an object's autoscaling/v1 Scale. */
export function toScale(obj: KubeObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Parameters<typeof labelSelectorString>[0] };
  const status = (obj.status ?? {}) as { replicas?: number };
  const m = obj.metadata;
  const metadata: KubeObject['metadata'] = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  metadata.uid = m.uid;
  metadata.resourceVersion = m.resourceVersion;
  metadata.creationTimestamp = m.creationTimestamp;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: labelSelectorString(spec.selector) },
  };
}

/** setReplicasFromScale writes a Scale's spec.replicas into obj (422 when not a non-negative integer). */
export function setReplicasFromScale(obj: KubeObject, scale: Scale): void {
  const replicas = scale.spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('autoscaling', 'Scale', obj.metadata.name ?? '', [invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0')]);
  }
  obj.spec = { ...((obj.spec as Record<string, unknown>) ?? {}), replicas };
}

/** requireScale is 404 unless the resource serves the scale subresource. */
export function requireScale(info: ResourceInfo): void {
  if (!info.subresources.some((s) => s.name === 'scale')) {
    throw apiError(404, 'NotFound', `the server could not find the requested resource (${info.resource}/scale)`);
  }
}
