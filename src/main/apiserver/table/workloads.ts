/** The deployment and replicaset tables, as kubectl's printDeployment/printReplicaSet. */
import type { DaemonSet, Deployment, ReplicaSet } from '../../../shared/api/apps';
import type { PodTemplateSpec } from '../../../shared/api/core';
import type { KubeObject } from '../../../shared/api/meta';
import { formatLabelSelector } from '../selectors';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

/** containersAndImages is the Containers and Images cells of a pod template. */
export function containersAndImages(template: PodTemplateSpec | undefined): [string, string] {
  const cs = template?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

export const CONTAINERS_DESC = 'Names of each container in the template.';
export const IMAGES_DESC = 'Images referenced by each container in the template.';
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

/** formatLabels renders a map as `k=v,k=v`, `<none>` when empty (apimachinery's labels.FormatLabels). */
function formatLabels(m: Record<string, string> | undefined): string {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** daemonSetPrinter is the daemonsets table (printDaemonSet). */
export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/'),
    ageColumn(),
    col('Containers', 'string', CONTAINERS_DESC, 1),
    col('Images', 'string', IMAGES_DESC, 1),
    col('Selector', 'string', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const ds = obj as DaemonSet;
    const st = ds.status;
    const [containers, images] = containersAndImages(ds.spec?.template);
    return [
      ds.metadata.name ?? '',
      st?.desiredNumberScheduled ?? 0,
      st?.currentNumberScheduled ?? 0,
      st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      translateTimestampSince(ds.metadata.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};
