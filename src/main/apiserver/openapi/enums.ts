/**
 * The `enum` of the string fields Kubernetes publishes with one in its
 * OpenAPI (the `+enum` types of k8s.io/api), keyed `Type.field`, values
 * sorted as Kubernetes lists them. Only enums we are sure of are listed; a
 * field not here is published as a plain string, which every value fits.
 * Read by scripts/gen-openapi-schemas.ts; editors (the app's YAML editor,
 * kubectl explain's ENUM list) read them from /openapi/v3.
 */
const PROTOCOL = ['SCTP', 'TCP', 'UDP'];
const TAINT_EFFECT = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const RECLAIM = ['Delete', 'Recycle', 'Retain'];
const VOLUME_MODE = ['Block', 'Filesystem'];
const UPDATE_STRATEGY = ['OnDelete', 'RollingUpdate'];
const TRAFFIC_POLICY = ['Cluster', 'Local'];

export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  'Container.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'Container.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'ContainerPort.protocol': PROTOCOL,
  'ServicePort.protocol': PROTOCOL,
  'EndpointPort.protocol': PROTOCOL,
  'EndpointSlice.addressType': ['FQDN', 'IPv4', 'IPv6'],
  'HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'PodSpec.preemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'PodStatus.phase': ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
  'Toleration.operator': ['Equal', 'Exists'],
  'Toleration.effect': TAINT_EFFECT,
  'Taint.effect': TAINT_EFFECT,
  'NodeSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'ServiceSpec.type': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'ServiceSpec.externalTrafficPolicy': TRAFFIC_POLICY,
  'ServiceSpec.internalTrafficPolicy': TRAFFIC_POLICY,
  'ServiceSpec.ipFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'PersistentVolumeSpec.persistentVolumeReclaimPolicy': RECLAIM,
  'PersistentVolumeSpec.volumeMode': VOLUME_MODE,
  'PersistentVolumeClaimSpec.volumeMode': VOLUME_MODE,
  'StorageClass.reclaimPolicy': RECLAIM,
  'StorageClass.volumeBindingMode': ['Immediate', 'WaitForFirstConsumer'],
  'DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'DaemonSetUpdateStrategy.type': UPDATE_STRATEGY,
  'StatefulSetUpdateStrategy.type': UPDATE_STRATEGY,
  'StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'JobSpec.podReplacementPolicy': ['Failed', 'TerminatingOrFailed'],
  'CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
};
