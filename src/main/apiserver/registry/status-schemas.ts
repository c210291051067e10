/**
 * Field schemas of the status stanzas (core/v1 PodStatus, NodeStatus,
 * NamespaceStatus, ServiceStatus; apps/v1 DeploymentStatus, ReplicaSetStatus),
 * so a status write with a value of the wrong type is refused at decoding
 * (400) as the apiserver's typed decoder refuses it, instead of being stored
 * for the printers, controllers and UI to trip over.
 */
import { list, type FieldSchema } from './schema';

const CONDITION: FieldSchema = {
  type: 'string',
  status: 'string',
  observedGeneration: 'int64',
  lastProbeTime: 'time',
  lastHeartbeatTime: 'time',
  lastUpdateTime: 'time',
  lastTransitionTime: 'time',
  reason: 'string',
  message: 'string',
};

const CONTAINER_STATE: FieldSchema = {
  waiting: { reason: 'string', message: 'string' },
  running: { startedAt: 'time' },
  terminated: { exitCode: 'int', signal: 'int', reason: 'string', message: 'string', startedAt: 'time', finishedAt: 'time', containerID: 'string' },
};

const CONTAINER_STATUS: FieldSchema = {
  name: 'string',
  state: CONTAINER_STATE,
  lastState: CONTAINER_STATE,
  ready: 'bool',
  restartCount: 'int',
  image: 'string',
  imageID: 'string',
  containerID: 'string',
  started: 'bool',
  allocatedResources: 'quantities',
  resources: { limits: 'quantities', requests: 'quantities', claims: true },
  volumeMounts: true,
  user: true,
  allocatedResourcesStatus: true,
  stopSignal: 'string',
};

/** POD_STATUS is core/v1 PodStatus. */
export const POD_STATUS: FieldSchema = {
  observedGeneration: 'int64',
  phase: 'string',
  conditions: list(CONDITION),
  message: 'string',
  reason: 'string',
  nominatedNodeName: 'string',
  hostIP: 'string',
  hostIPs: list({ ip: 'string' }),
  podIP: 'string',
  podIPs: list({ ip: 'string' }),
  startTime: 'time',
  initContainerStatuses: list(CONTAINER_STATUS),
  containerStatuses: list(CONTAINER_STATUS),
  qosClass: 'string',
  ephemeralContainerStatuses: list(CONTAINER_STATUS),
  resize: 'string',
  resourceClaimStatuses: true,
};

/** NODE_STATUS is core/v1 NodeStatus. */
export const NODE_STATUS: FieldSchema = {
  capacity: 'quantities',
  allocatable: 'quantities',
  phase: 'string',
  conditions: list(CONDITION),
  addresses: list({ type: 'string', address: 'string' }),
  daemonEndpoints: { kubeletEndpoint: { Port: 'int' } },
  nodeInfo: {
    machineID: 'string',
    systemUUID: 'string',
    bootID: 'string',
    kernelVersion: 'string',
    osImage: 'string',
    containerRuntimeVersion: 'string',
    kubeletVersion: 'string',
    kubeProxyVersion: 'string',
    operatingSystem: 'string',
    architecture: 'string',
    swap: true,
  },
  images: list({ names: 'strings', sizeBytes: 'int64' }),
  volumesInUse: 'strings',
  volumesAttached: true,
  config: true,
  runtimeHandlers: true,
  features: true,
};

/** NAMESPACE_STATUS is core/v1 NamespaceStatus. */
export const NAMESPACE_STATUS: FieldSchema = { phase: 'string', conditions: list(CONDITION) };

/** SERVICE_STATUS is core/v1 ServiceStatus. */
export const SERVICE_STATUS: FieldSchema = {
  loadBalancer: { ingress: list({ ip: 'string', hostname: 'string', ipMode: 'string', ports: list({ port: 'int', protocol: 'string', error: 'string' }) }) },
  conditions: list(CONDITION),
};

/** DEPLOYMENT_STATUS is apps/v1 DeploymentStatus. */
export const DEPLOYMENT_STATUS: FieldSchema = {
  observedGeneration: 'int64',
  replicas: 'int',
  updatedReplicas: 'int',
  readyReplicas: 'int',
  availableReplicas: 'int',
  unavailableReplicas: 'int',
  terminatingReplicas: 'int',
  conditions: list(CONDITION),
  collisionCount: 'int',
};

/** REPLICA_SET_STATUS is apps/v1 ReplicaSetStatus. */
export const REPLICA_SET_STATUS: FieldSchema = {
  replicas: 'int',
  fullyLabeledReplicas: 'int',
  readyReplicas: 'int',
  availableReplicas: 'int',
  terminatingReplicas: 'int',
  observedGeneration: 'int64',
  conditions: list(CONDITION),
};

/** DAEMON_SET_STATUS is apps/v1 DaemonSetStatus. */
export const DAEMON_SET_STATUS: FieldSchema = {
  currentNumberScheduled: 'int',
  numberMisscheduled: 'int',
  desiredNumberScheduled: 'int',
  numberReady: 'int',
  observedGeneration: 'int64',
  updatedNumberScheduled: 'int',
  numberAvailable: 'int',
  numberUnavailable: 'int',
  collisionCount: 'int',
  conditions: list(CONDITION),
};

/** JOB_STATUS is batch/v1 JobStatus. */
export const JOB_STATUS: FieldSchema = {
  conditions: list({ ...CONDITION, lastProbeTime: 'time' }),
  startTime: 'time',
  completionTime: 'time',
  active: 'int',
  succeeded: 'int',
  failed: 'int',
  terminating: 'int',
  ready: 'int',
  completedIndexes: 'string',
  failedIndexes: 'string',
  uncountedTerminatedPods: { succeeded: 'strings', failed: 'strings' },
};

/** CRON_JOB_STATUS is batch/v1 CronJobStatus. */
export const CRON_JOB_STATUS: FieldSchema = {
  active: list({ apiVersion: 'string', kind: 'string', name: 'string', namespace: 'string', uid: 'string', resourceVersion: 'string', fieldPath: 'string' }),
  lastScheduleTime: 'time',
  lastSuccessfulTime: 'time',
};

/** INGRESS_STATUS is networking/v1 IngressStatus. */
export const INGRESS_STATUS: FieldSchema = {
  loadBalancer: { ingress: list({ ip: 'string', hostname: 'string', ports: list({ port: 'int', protocol: 'string', error: 'string' }) }) },
};
