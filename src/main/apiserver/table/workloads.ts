/** The deployment and replicaset tables, as kubectl's printDeployment/printReplicaSet. */
import type { Deployment, ReplicaSet } from '../../../shared/api/apps';
import type { PodTemplateSpec } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { formatLabelSelector } from '../selectors';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

function containersAndImages(template: PodTemplateSpec | undefined): [string, string] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

const CONTAINERS_DESC = 'Names of each container in the template.';
const IMAGES_DESC = 'Images referenced by each container in the template.';
const SELECTOR_DESC = 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.';

/** deploymentPrinter is the deployments table. */
export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DESC, 1),
    col('Images', 'string', IMAGES_DESC, 1),
    col('Selector', 'string', SELECTOR_DESC, 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const d = obj as Deployment;
    const desired = d.spec?.replicas ?? 0;
    const st = d.status ?? {};
    const [containers, images] = containersAndImages(d.spec?.template);
    return [
      d.metadata.name ?? '',
      `${st.readyReplicas ?? 0}/${desired}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      translateTimestampSince(d.metadata.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

/** replicaSetPrinter is the replicasets table. */
export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', 'Number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DESC, 1),
    col('Images', 'string', IMAGES_DESC, 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const rs = obj as ReplicaSet;
    const [containers, images] = containersAndImages(rs.spec?.template);
    return [
      rs.metadata.name ?? '',
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      translateTimestampSince(rs.metadata.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
