/**
 * The protobuf schema of the kinds Kubedeck serves, written by us as a compact
 * table and turned into a protobufjs Root. Field numbers follow Kubernetes'
 * generated.proto files (k8s.io/api core/v1, apps/v1, coordination/v1,
 * autoscaling/v1; k8s.io/apimachinery meta/v1, api/resource, util/intstr,
 * runtime), which have kept every number stable since they were introduced.
 *
 * Only the fields listed here are decoded; any other field number on the wire
 * is skipped silently (protobufjs skips unknown tags), as a newer client may
 * send fields this table does not know yet. Fields added in recent Kubernetes
 * releases whose numbers we could not confirm are left out on purpose.
 *
 * Each row is [jsonName, fieldNumber, type, ...flags]:
 * - type: string | bool | int32 | int64 | bytes, or a message name below.
 * - 'rep'    repeated field.
 * - 'map'    map<string, type> (wire: repeated {key = 1, value = 2} entries).
 * - 'ptr'    the Go field is a pointer, so a present zero value is meaningful and
 *            kept (gogo protobuf writes pointer fields only when non-nil, but
 *            writes plain fields always, even when empty).
 * - 'inline' an embedded Go struct whose fields JSON flattens into the parent
 *            (Volume.volumeSource, Probe.handler, *KeySelector.localObjectReference).
 * - 'keep'   a plain (non-pointer) field whose zero value still matters (Scale replicas).
 */
import protobuf from 'protobufjs';

/** FieldFlag marks how a field maps to the JSON form. */
export type FieldFlag = 'rep' | 'map' | 'ptr' | 'inline' | 'keep';

/** FieldRow is one field: JSON name, field number, type, flags. */
export type FieldRow = readonly [name: string, id: number, type: string, ...flags: FieldFlag[]];

/** SPECIAL_TYPES are messages with a non-object JSON form, converted by name. */
export const SPECIAL_TYPES = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1']);

/** MESSAGES is the schema: every message we decode, by name. */
export const MESSAGES: Readonly<Record<string, readonly FieldRow[]>> = {
  // ---- k8s.io/apimachinery runtime, resource, intstr ----
  Unknown: [
    ['typeMeta', 1, 'TypeMeta'],
    ['raw', 2, 'bytes'],
    ['contentEncoding', 3, 'string'],
    ['contentType', 4, 'string'],
  ],
  // runtime.TypeMeta: apiVersion first (unlike meta/v1 TypeMeta).
  TypeMeta: [
    ['apiVersion', 1, 'string'],
    ['kind', 2, 'string'],
  ],
  Quantity: [['string', 1, 'string']],
  IntOrString: [
    ['type', 1, 'int64'],
    ['intVal', 2, 'int32'],
    ['strVal', 3, 'string'],
  ],

  // ---- meta/v1 ----
  Time: [
    ['seconds', 1, 'int64'],
    ['nanos', 2, 'int32'],
  ],
  MicroTime: [
    ['seconds', 1, 'int64'],
    ['nanos', 2, 'int32'],
  ],
  FieldsV1: [['Raw', 1, 'bytes']],
  ObjectMeta: [
    ['name', 1, 'string'],
    ['generateName', 2, 'string'],
    ['namespace', 3, 'string'],
    ['selfLink', 4, 'string'],
    ['uid', 5, 'string'],
    ['resourceVersion', 6, 'string'],
    ['generation', 7, 'int64'],
    ['creationTimestamp', 8, 'Time'],
    ['deletionTimestamp', 9, 'Time', 'ptr'],
    ['deletionGracePeriodSeconds', 10, 'int64', 'ptr'],
    ['labels', 11, 'string', 'map'],
    ['annotations', 12, 'string', 'map'],
    ['ownerReferences', 13, 'OwnerReference', 'rep'],
    ['finalizers', 14, 'string', 'rep'],
    ['managedFields', 17, 'ManagedFieldsEntry', 'rep'],
  ],
  OwnerReference: [
    ['kind', 1, 'string'],
    ['name', 3, 'string'],
    ['uid', 4, 'string'],
    ['apiVersion', 5, 'string'],
    ['controller', 6, 'bool', 'ptr'],
    ['blockOwnerDeletion', 7, 'bool', 'ptr'],
  ],
  ManagedFieldsEntry: [
    ['manager', 1, 'string'],
    ['operation', 2, 'string'],
    ['apiVersion', 3, 'string'],
    ['time', 4, 'Time', 'ptr'],
    ['fieldsType', 6, 'string'],
    ['fieldsV1', 7, 'FieldsV1', 'ptr'],
    ['subresource', 8, 'string'],
  ],
  LabelSelector: [
    ['matchLabels', 1, 'string', 'map'],
    ['matchExpressions', 2, 'LabelSelectorRequirement', 'rep'],
  ],
  LabelSelectorRequirement: [
    ['key', 1, 'string'],
    ['operator', 2, 'string'],
    ['values', 3, 'string', 'rep'],
  ],
  Condition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['observedGeneration', 3, 'int64'],
    ['lastTransitionTime', 4, 'Time'],
    ['reason', 5, 'string'],
    ['message', 6, 'string'],
  ],
  DeleteOptions: [
    ['gracePeriodSeconds', 1, 'int64', 'ptr'],
    ['preconditions', 2, 'Preconditions', 'ptr'],
    ['orphanDependents', 3, 'bool', 'ptr'],
    ['propagationPolicy', 4, 'string', 'ptr'],
    ['dryRun', 5, 'string', 'rep'],
  ],
  Preconditions: [
    ['uid', 1, 'string', 'ptr'],
    ['resourceVersion', 2, 'string', 'ptr'],
  ],

  // ---- core/v1: small references ----
  LocalObjectReference: [['name', 1, 'string']],
  ObjectReference: [
    ['kind', 1, 'string'],
    ['namespace', 2, 'string'],
    ['name', 3, 'string'],
    ['uid', 4, 'string'],
    ['apiVersion', 5, 'string'],
    ['resourceVersion', 6, 'string'],
    ['fieldPath', 7, 'string'],
  ],

  // ---- core/v1: ConfigMap, Secret, Namespace ----
  ConfigMap: [
    ['metadata', 1, 'ObjectMeta'],
    ['data', 2, 'string', 'map'],
    ['binaryData', 3, 'bytes', 'map'],
    ['immutable', 4, 'bool', 'ptr'],
  ],
  Secret: [
    ['metadata', 1, 'ObjectMeta'],
    ['data', 2, 'bytes', 'map'],
    ['type', 3, 'string'],
    ['stringData', 4, 'string', 'map'],
    ['immutable', 5, 'bool', 'ptr'],
  ],
  Namespace: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'NamespaceSpec'],
    ['status', 3, 'NamespaceStatus'],
  ],
  NamespaceSpec: [['finalizers', 1, 'string', 'rep']],
  NamespaceStatus: [
    ['phase', 1, 'string'],
    ['conditions', 2, 'NamespaceCondition', 'rep'],
  ],
  NamespaceCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['lastTransitionTime', 4, 'Time'],
    ['reason', 5, 'string'],
    ['message', 6, 'string'],
  ],

  // ---- core/v1: Service, Endpoints ----
  Service: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'ServiceSpec'],
    ['status', 3, 'ServiceStatus'],
  ],
  ServiceSpec: [
    ['ports', 1, 'ServicePort', 'rep'],
    ['selector', 2, 'string', 'map'],
    ['clusterIP', 3, 'string'],
    ['type', 4, 'string'],
    ['externalIPs', 5, 'string', 'rep'],
    ['sessionAffinity', 7, 'string'],
    ['loadBalancerIP', 8, 'string'],
    ['loadBalancerSourceRanges', 9, 'string', 'rep'],
    ['externalName', 10, 'string'],
    ['externalTrafficPolicy', 11, 'string'],
    ['healthCheckNodePort', 12, 'int32'],
    ['publishNotReadyAddresses', 13, 'bool'],
    ['sessionAffinityConfig', 14, 'SessionAffinityConfig', 'ptr'],
    ['ipFamilyPolicy', 17, 'string', 'ptr'],
    ['clusterIPs', 18, 'string', 'rep'],
    ['ipFamilies', 19, 'string', 'rep'],
    ['allocateLoadBalancerNodePorts', 20, 'bool', 'ptr'],
    ['loadBalancerClass', 21, 'string', 'ptr'],
    ['internalTrafficPolicy', 22, 'string', 'ptr'],
  ],
  SessionAffinityConfig: [['clientIP', 1, 'ClientIPConfig', 'ptr']],
  ClientIPConfig: [['timeoutSeconds', 1, 'int32', 'ptr']],
  ServicePort: [
    ['name', 1, 'string'],
    ['protocol', 2, 'string'],
    ['port', 3, 'int32'],
    ['targetPort', 4, 'IntOrString'],
    ['nodePort', 5, 'int32'],
    ['appProtocol', 6, 'string', 'ptr'],
  ],
  ServiceStatus: [
    ['loadBalancer', 1, 'LoadBalancerStatus'],
    ['conditions', 2, 'Condition', 'rep'],
  ],
  LoadBalancerStatus: [['ingress', 1, 'LoadBalancerIngress', 'rep']],
  LoadBalancerIngress: [
    ['ip', 1, 'string'],
    ['hostname', 2, 'string'],
    ['ports', 4, 'PortStatus', 'rep'],
  ],
  PortStatus: [
    ['port', 1, 'int32'],
    ['protocol', 2, 'string'],
    ['error', 3, 'string', 'ptr'],
  ],
  Endpoints: [
    ['metadata', 1, 'ObjectMeta'],
    ['subsets', 2, 'EndpointSubset', 'rep'],
  ],
  EndpointSubset: [
    ['addresses', 1, 'EndpointAddress', 'rep'],
    ['notReadyAddresses', 2, 'EndpointAddress', 'rep'],
    ['ports', 3, 'EndpointPort', 'rep'],
  ],
  EndpointAddress: [
    ['ip', 1, 'string'],
    ['targetRef', 2, 'ObjectReference', 'ptr'],
    ['hostname', 3, 'string'],
    ['nodeName', 4, 'string', 'ptr'],
  ],
  EndpointPort: [
    ['name', 1, 'string'],
    ['port', 2, 'int32'],
    ['protocol', 3, 'string'],
    ['appProtocol', 4, 'string', 'ptr'],
  ],

  // ---- core/v1: Event ----
  Event: [
    ['metadata', 1, 'ObjectMeta'],
    ['involvedObject', 2, 'ObjectReference'],
    ['reason', 3, 'string'],
    ['message', 4, 'string'],
    ['source', 5, 'EventSource'],
    ['firstTimestamp', 6, 'Time'],
    ['lastTimestamp', 7, 'Time'],
    ['count', 8, 'int32'],
    ['type', 9, 'string'],
    ['eventTime', 10, 'MicroTime'],
    ['series', 11, 'EventSeries', 'ptr'],
    ['action', 12, 'string'],
    ['related', 13, 'ObjectReference', 'ptr'],
    ['reportingComponent', 14, 'string'],
    ['reportingInstance', 15, 'string'],
  ],
  EventSource: [
    ['component', 1, 'string'],
    ['host', 2, 'string'],
  ],
  EventSeries: [
    ['count', 1, 'int32'],
    ['lastObservedTime', 2, 'MicroTime'],
  ],

  // ---- core/v1: Pod ----
  Pod: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'PodSpec'],
    ['status', 3, 'PodStatus'],
  ],
  PodTemplateSpec: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'PodSpec'],
  ],
  PodSpec: [
    ['volumes', 1, 'Volume', 'rep'],
    ['containers', 2, 'Container', 'rep'],
    ['restartPolicy', 3, 'string'],
    ['terminationGracePeriodSeconds', 4, 'int64', 'ptr'],
    ['activeDeadlineSeconds', 5, 'int64', 'ptr'],
    ['dnsPolicy', 6, 'string'],
    ['nodeSelector', 7, 'string', 'map'],
    ['serviceAccountName', 8, 'string'],
    ['serviceAccount', 9, 'string'],
    ['nodeName', 10, 'string'],
    ['hostNetwork', 11, 'bool'],
    ['hostPID', 12, 'bool'],
    ['hostIPC', 13, 'bool'],
    ['securityContext', 14, 'PodSecurityContext', 'ptr'],
    ['imagePullSecrets', 15, 'LocalObjectReference', 'rep'],
    ['hostname', 16, 'string'],
    ['subdomain', 17, 'string'],
    ['affinity', 18, 'Affinity', 'ptr'],
    ['schedulerName', 19, 'string'],
    ['initContainers', 20, 'Container', 'rep'],
    ['automountServiceAccountToken', 21, 'bool', 'ptr'],
    ['tolerations', 22, 'Toleration', 'rep'],
    ['hostAliases', 23, 'HostAlias', 'rep'],
    ['priorityClassName', 24, 'string'],
    ['priority', 25, 'int32', 'ptr'],
    ['dnsConfig', 26, 'PodDNSConfig', 'ptr'],
    ['shareProcessNamespace', 27, 'bool', 'ptr'],
    ['readinessGates', 28, 'PodReadinessGate', 'rep'],
    ['runtimeClassName', 29, 'string', 'ptr'],
    ['enableServiceLinks', 30, 'bool', 'ptr'],
    ['preemptionPolicy', 31, 'string', 'ptr'],
    ['overhead', 32, 'Quantity', 'map'],
    ['topologySpreadConstraints', 33, 'TopologySpreadConstraint', 'rep'],
    ['setHostnameAsFQDN', 35, 'bool', 'ptr'],
  ],
  HostAlias: [
    ['ip', 1, 'string'],
    ['hostnames', 2, 'string', 'rep'],
  ],
  PodReadinessGate: [['conditionType', 1, 'string']],
  PodDNSConfig: [
    ['nameservers', 1, 'string', 'rep'],
    ['searches', 2, 'string', 'rep'],
    ['options', 3, 'PodDNSConfigOption', 'rep'],
  ],
  PodDNSConfigOption: [
    ['name', 1, 'string'],
    ['value', 2, 'string', 'ptr'],
  ],
  TopologySpreadConstraint: [
    ['maxSkew', 1, 'int32'],
    ['topologyKey', 2, 'string'],
    ['whenUnsatisfiable', 3, 'string'],
    ['labelSelector', 4, 'LabelSelector', 'ptr'],
  ],
  PodSecurityContext: [
    ['seLinuxOptions', 1, 'SELinuxOptions', 'ptr'],
    ['runAsUser', 2, 'int64', 'ptr'],
    ['runAsNonRoot', 3, 'bool', 'ptr'],
    ['supplementalGroups', 4, 'int64', 'rep'],
    ['fsGroup', 5, 'int64', 'ptr'],
    ['runAsGroup', 6, 'int64', 'ptr'],
    ['sysctls', 7, 'Sysctl', 'rep'],
    ['fsGroupChangePolicy', 9, 'string', 'ptr'],
    ['seccompProfile', 10, 'SeccompProfile', 'ptr'],
  ],
  SecurityContext: [
    ['capabilities', 1, 'Capabilities', 'ptr'],
    ['privileged', 2, 'bool', 'ptr'],
    ['seLinuxOptions', 3, 'SELinuxOptions', 'ptr'],
    ['runAsUser', 4, 'int64', 'ptr'],
    ['runAsNonRoot', 5, 'bool', 'ptr'],
    ['readOnlyRootFilesystem', 6, 'bool', 'ptr'],
    ['allowPrivilegeEscalation', 7, 'bool', 'ptr'],
    ['runAsGroup', 8, 'int64', 'ptr'],
    ['procMount', 9, 'string', 'ptr'],
    ['seccompProfile', 11, 'SeccompProfile', 'ptr'],
  ],
  Capabilities: [
    ['add', 1, 'string', 'rep'],
    ['drop', 2, 'string', 'rep'],
  ],
  SELinuxOptions: [
    ['user', 1, 'string'],
    ['role', 2, 'string'],
    ['type', 3, 'string'],
    ['level', 4, 'string'],
  ],
  Sysctl: [
    ['name', 1, 'string'],
    ['value', 2, 'string'],
  ],
  SeccompProfile: [
    ['type', 1, 'string'],
    ['localhostProfile', 2, 'string', 'ptr'],
  ],
  Container: [
    ['name', 1, 'string'],
    ['image', 2, 'string'],
    ['command', 3, 'string', 'rep'],
    ['args', 4, 'string', 'rep'],
    ['workingDir', 5, 'string'],
    ['ports', 6, 'ContainerPort', 'rep'],
    ['env', 7, 'EnvVar', 'rep'],
    ['resources', 8, 'ResourceRequirements'],
    ['volumeMounts', 9, 'VolumeMount', 'rep'],
    ['livenessProbe', 10, 'Probe', 'ptr'],
    ['readinessProbe', 11, 'Probe', 'ptr'],
    ['lifecycle', 12, 'Lifecycle', 'ptr'],
    ['terminationMessagePath', 13, 'string'],
    ['imagePullPolicy', 14, 'string'],
    ['securityContext', 15, 'SecurityContext', 'ptr'],
    ['stdin', 16, 'bool'],
    ['stdinOnce', 17, 'bool'],
    ['tty', 18, 'bool'],
    ['envFrom', 19, 'EnvFromSource', 'rep'],
    ['terminationMessagePolicy', 20, 'string'],
    ['volumeDevices', 21, 'VolumeDevice', 'rep'],
    ['startupProbe', 22, 'Probe', 'ptr'],
  ],
  ContainerPort: [
    ['name', 1, 'string'],
    ['hostPort', 2, 'int32'],
    ['containerPort', 3, 'int32'],
    ['protocol', 4, 'string'],
    ['hostIP', 5, 'string'],
  ],
  EnvVar: [
    ['name', 1, 'string'],
    ['value', 2, 'string'],
    ['valueFrom', 3, 'EnvVarSource', 'ptr'],
  ],
  EnvVarSource: [
    ['fieldRef', 1, 'ObjectFieldSelector', 'ptr'],
    ['resourceFieldRef', 2, 'ResourceFieldSelector', 'ptr'],
    ['configMapKeyRef', 3, 'ConfigMapKeySelector', 'ptr'],
    ['secretKeyRef', 4, 'SecretKeySelector', 'ptr'],
  ],
  ObjectFieldSelector: [
    ['apiVersion', 1, 'string'],
    ['fieldPath', 2, 'string'],
  ],
  ResourceFieldSelector: [
    ['containerName', 1, 'string'],
    ['resource', 2, 'string'],
    ['divisor', 3, 'Quantity'],
  ],
  ConfigMapKeySelector: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['key', 2, 'string'],
    ['optional', 3, 'bool', 'ptr'],
  ],
  SecretKeySelector: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['key', 2, 'string'],
    ['optional', 3, 'bool', 'ptr'],
  ],
  EnvFromSource: [
    ['prefix', 1, 'string'],
    ['configMapRef', 2, 'ConfigMapEnvSource', 'ptr'],
    ['secretRef', 3, 'SecretEnvSource', 'ptr'],
  ],
  ConfigMapEnvSource: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['optional', 2, 'bool', 'ptr'],
  ],
  SecretEnvSource: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['optional', 2, 'bool', 'ptr'],
  ],
  ResourceRequirements: [
    ['limits', 1, 'Quantity', 'map'],
    ['requests', 2, 'Quantity', 'map'],
  ],
  VolumeMount: [
    ['name', 1, 'string'],
    ['readOnly', 2, 'bool'],
    ['mountPath', 3, 'string'],
    ['subPath', 4, 'string'],
    ['mountPropagation', 5, 'string', 'ptr'],
    ['subPathExpr', 6, 'string'],
  ],
  VolumeDevice: [
    ['name', 1, 'string'],
    ['devicePath', 2, 'string'],
  ],
  Volume: [
    ['name', 1, 'string'],
    ['volumeSource', 2, 'VolumeSource', 'inline'],
  ],
  VolumeSource: [
    ['hostPath', 1, 'HostPathVolumeSource', 'ptr'],
    ['emptyDir', 2, 'EmptyDirVolumeSource', 'ptr'],
    ['secret', 6, 'SecretVolumeSource', 'ptr'],
    ['persistentVolumeClaim', 10, 'PersistentVolumeClaimVolumeSource', 'ptr'],
    ['downwardAPI', 16, 'DownwardAPIVolumeSource', 'ptr'],
    ['configMap', 19, 'ConfigMapVolumeSource', 'ptr'],
    ['projected', 26, 'ProjectedVolumeSource', 'ptr'],
  ],
  HostPathVolumeSource: [
    ['path', 1, 'string'],
    ['type', 2, 'string', 'ptr'],
  ],
  EmptyDirVolumeSource: [
    ['medium', 1, 'string'],
    ['sizeLimit', 2, 'Quantity', 'ptr'],
  ],
  SecretVolumeSource: [
    ['secretName', 1, 'string'],
    ['items', 2, 'KeyToPath', 'rep'],
    ['defaultMode', 3, 'int32', 'ptr'],
    ['optional', 4, 'bool', 'ptr'],
  ],
  ConfigMapVolumeSource: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['items', 2, 'KeyToPath', 'rep'],
    ['defaultMode', 3, 'int32', 'ptr'],
    ['optional', 4, 'bool', 'ptr'],
  ],
  KeyToPath: [
    ['key', 1, 'string'],
    ['path', 2, 'string'],
    ['mode', 3, 'int32', 'ptr'],
  ],
  PersistentVolumeClaimVolumeSource: [
    ['claimName', 1, 'string'],
    ['readOnly', 2, 'bool'],
  ],
  DownwardAPIVolumeSource: [
    ['items', 1, 'DownwardAPIVolumeFile', 'rep'],
    ['defaultMode', 2, 'int32', 'ptr'],
  ],
  DownwardAPIVolumeFile: [
    ['path', 1, 'string'],
    ['fieldRef', 2, 'ObjectFieldSelector', 'ptr'],
    ['resourceFieldRef', 3, 'ResourceFieldSelector', 'ptr'],
    ['mode', 4, 'int32', 'ptr'],
  ],
  ProjectedVolumeSource: [
    ['sources', 1, 'VolumeProjection', 'rep'],
    ['defaultMode', 2, 'int32', 'ptr'],
  ],
  VolumeProjection: [
    ['secret', 1, 'SecretProjection', 'ptr'],
    ['downwardAPI', 2, 'DownwardAPIProjection', 'ptr'],
    ['configMap', 3, 'ConfigMapProjection', 'ptr'],
    ['serviceAccountToken', 4, 'ServiceAccountTokenProjection', 'ptr'],
  ],
  SecretProjection: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['items', 2, 'KeyToPath', 'rep'],
    ['optional', 4, 'bool', 'ptr'],
  ],
  ConfigMapProjection: [
    ['localObjectReference', 1, 'LocalObjectReference', 'inline'],
    ['items', 2, 'KeyToPath', 'rep'],
    ['optional', 4, 'bool', 'ptr'],
  ],
  DownwardAPIProjection: [['items', 1, 'DownwardAPIVolumeFile', 'rep']],
  ServiceAccountTokenProjection: [
    ['audience', 1, 'string'],
    ['expirationSeconds', 2, 'int64', 'ptr'],
    ['path', 3, 'string'],
  ],
  Probe: [
    ['handler', 1, 'ProbeHandler', 'inline'],
    ['initialDelaySeconds', 2, 'int32'],
    ['timeoutSeconds', 3, 'int32'],
    ['periodSeconds', 4, 'int32'],
    ['successThreshold', 5, 'int32'],
    ['failureThreshold', 6, 'int32'],
    ['terminationGracePeriodSeconds', 7, 'int64', 'ptr'],
  ],
  ProbeHandler: [
    ['exec', 1, 'ExecAction', 'ptr'],
    ['httpGet', 2, 'HTTPGetAction', 'ptr'],
    ['tcpSocket', 3, 'TCPSocketAction', 'ptr'],
  ],
  Lifecycle: [
    ['postStart', 1, 'LifecycleHandler', 'ptr'],
    ['preStop', 2, 'LifecycleHandler', 'ptr'],
  ],
  LifecycleHandler: [
    ['exec', 1, 'ExecAction', 'ptr'],
    ['httpGet', 2, 'HTTPGetAction', 'ptr'],
    ['tcpSocket', 3, 'TCPSocketAction', 'ptr'],
  ],
  ExecAction: [['command', 1, 'string', 'rep']],
  HTTPGetAction: [
    ['path', 1, 'string'],
    ['port', 2, 'IntOrString', 'keep'],
    ['host', 3, 'string'],
    ['scheme', 4, 'string'],
    ['httpHeaders', 5, 'HTTPHeader', 'rep'],
  ],
  HTTPHeader: [
    ['name', 1, 'string'],
    ['value', 2, 'string'],
  ],
  TCPSocketAction: [
    ['port', 1, 'IntOrString', 'keep'],
    ['host', 2, 'string'],
  ],
  Toleration: [
    ['key', 1, 'string'],
    ['operator', 2, 'string'],
    ['value', 3, 'string'],
    ['effect', 4, 'string'],
    ['tolerationSeconds', 5, 'int64', 'ptr'],
  ],
  Affinity: [
    ['nodeAffinity', 1, 'NodeAffinity', 'ptr'],
    ['podAffinity', 2, 'PodAffinity', 'ptr'],
    ['podAntiAffinity', 3, 'PodAffinity', 'ptr'],
  ],
  NodeAffinity: [
    ['requiredDuringSchedulingIgnoredDuringExecution', 1, 'NodeSelector', 'ptr'],
    ['preferredDuringSchedulingIgnoredDuringExecution', 2, 'PreferredSchedulingTerm', 'rep'],
  ],
  PreferredSchedulingTerm: [
    ['weight', 1, 'int32', 'keep'],
    ['preference', 2, 'NodeSelectorTerm'],
  ],
  NodeSelector: [['nodeSelectorTerms', 1, 'NodeSelectorTerm', 'rep']],
  NodeSelectorTerm: [
    ['matchExpressions', 1, 'NodeSelectorRequirement', 'rep'],
    ['matchFields', 2, 'NodeSelectorRequirement', 'rep'],
  ],
  NodeSelectorRequirement: [
    ['key', 1, 'string'],
    ['operator', 2, 'string'],
    ['values', 3, 'string', 'rep'],
  ],
  // PodAffinity and PodAntiAffinity share one wire shape.
  PodAffinity: [
    ['requiredDuringSchedulingIgnoredDuringExecution', 1, 'PodAffinityTerm', 'rep'],
    ['preferredDuringSchedulingIgnoredDuringExecution', 2, 'WeightedPodAffinityTerm', 'rep'],
  ],
  PodAffinityTerm: [
    ['labelSelector', 1, 'LabelSelector', 'ptr'],
    ['namespaces', 2, 'string', 'rep'],
    ['topologyKey', 3, 'string'],
    ['namespaceSelector', 4, 'LabelSelector', 'ptr'],
  ],
  WeightedPodAffinityTerm: [
    ['weight', 1, 'int32', 'keep'],
    ['podAffinityTerm', 2, 'PodAffinityTerm'],
  ],
  PodStatus: [
    ['phase', 1, 'string'],
    ['conditions', 2, 'PodCondition', 'rep'],
    ['message', 3, 'string'],
    ['reason', 4, 'string'],
    ['hostIP', 5, 'string'],
    ['podIP', 6, 'string'],
    ['startTime', 7, 'Time', 'ptr'],
    ['containerStatuses', 8, 'ContainerStatus', 'rep'],
    ['qosClass', 9, 'string'],
    ['initContainerStatuses', 10, 'ContainerStatus', 'rep'],
    ['nominatedNodeName', 11, 'string'],
    ['podIPs', 12, 'PodIP', 'rep'],
  ],
  PodCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['lastProbeTime', 3, 'Time'],
    ['lastTransitionTime', 4, 'Time'],
    ['reason', 5, 'string'],
    ['message', 6, 'string'],
  ],
  PodIP: [['ip', 1, 'string']],
  ContainerStatus: [
    ['name', 1, 'string'],
    ['state', 2, 'ContainerState'],
    ['lastState', 3, 'ContainerState'],
    ['ready', 4, 'bool', 'keep'],
    ['restartCount', 5, 'int32', 'keep'],
    ['image', 6, 'string'],
    ['imageID', 7, 'string'],
    ['containerID', 8, 'string'],
    ['started', 9, 'bool', 'ptr'],
  ],
  ContainerState: [
    ['waiting', 1, 'ContainerStateWaiting', 'ptr'],
    ['running', 2, 'ContainerStateRunning', 'ptr'],
    ['terminated', 3, 'ContainerStateTerminated', 'ptr'],
  ],
  ContainerStateWaiting: [
    ['reason', 1, 'string'],
    ['message', 2, 'string'],
  ],
  ContainerStateRunning: [['startedAt', 1, 'Time']],
  ContainerStateTerminated: [
    ['exitCode', 1, 'int32', 'keep'],
    ['signal', 2, 'int32'],
    ['reason', 3, 'string'],
    ['message', 4, 'string'],
    ['startedAt', 5, 'Time'],
    ['finishedAt', 6, 'Time'],
    ['containerID', 7, 'string'],
  ],
  Binding: [
    ['metadata', 1, 'ObjectMeta'],
    ['target', 2, 'ObjectReference'],
  ],
  // policy/v1 Eviction (kubectl drain).
  Eviction: [
    ['metadata', 1, 'ObjectMeta'],
    ['deleteOptions', 2, 'DeleteOptions', 'ptr'],
  ],

  // ---- core/v1: Node ----
  Node: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'NodeSpec'],
    ['status', 3, 'NodeStatus'],
  ],
  NodeSpec: [
    ['podCIDR', 1, 'string'],
    ['externalID', 2, 'string'],
    ['providerID', 3, 'string'],
    ['unschedulable', 4, 'bool'],
    ['taints', 5, 'Taint', 'rep'],
    ['podCIDRs', 7, 'string', 'rep'],
  ],
  Taint: [
    ['key', 1, 'string'],
    ['value', 2, 'string'],
    ['effect', 3, 'string'],
    ['timeAdded', 4, 'Time', 'ptr'],
  ],
  NodeStatus: [
    ['capacity', 1, 'Quantity', 'map'],
    ['allocatable', 2, 'Quantity', 'map'],
    ['phase', 3, 'string'],
    ['conditions', 4, 'NodeCondition', 'rep'],
    ['addresses', 5, 'NodeAddress', 'rep'],
    ['daemonEndpoints', 6, 'NodeDaemonEndpoints'],
    ['nodeInfo', 7, 'NodeSystemInfo'],
    ['images', 8, 'ContainerImage', 'rep'],
    ['volumesInUse', 9, 'string', 'rep'],
  ],
  NodeCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['lastHeartbeatTime', 3, 'Time'],
    ['lastTransitionTime', 4, 'Time'],
    ['reason', 5, 'string'],
    ['message', 6, 'string'],
  ],
  NodeAddress: [
    ['type', 1, 'string'],
    ['address', 2, 'string'],
  ],
  NodeDaemonEndpoints: [['kubeletEndpoint', 1, 'DaemonEndpoint']],
  // The Go JSON tag really is "Port".
  DaemonEndpoint: [['Port', 1, 'int32', 'keep']],
  NodeSystemInfo: [
    ['machineID', 1, 'string'],
    ['systemUUID', 2, 'string'],
    ['bootID', 3, 'string'],
    ['kernelVersion', 4, 'string'],
    ['osImage', 5, 'string'],
    ['containerRuntimeVersion', 6, 'string'],
    ['kubeletVersion', 7, 'string'],
    ['kubeProxyVersion', 8, 'string'],
    ['operatingSystem', 9, 'string'],
    ['architecture', 10, 'string'],
  ],
  ContainerImage: [
    ['names', 1, 'string', 'rep'],
    ['sizeBytes', 2, 'int64'],
  ],

  // ---- apps/v1 ----
  Deployment: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'DeploymentSpec'],
    ['status', 3, 'DeploymentStatus'],
  ],
  DeploymentSpec: [
    ['replicas', 1, 'int32', 'ptr'],
    ['selector', 2, 'LabelSelector', 'ptr'],
    ['template', 3, 'PodTemplateSpec'],
    ['strategy', 4, 'DeploymentStrategy'],
    ['minReadySeconds', 5, 'int32'],
    ['revisionHistoryLimit', 6, 'int32', 'ptr'],
    ['paused', 7, 'bool'],
    ['progressDeadlineSeconds', 9, 'int32', 'ptr'],
  ],
  DeploymentStrategy: [
    ['type', 1, 'string'],
    ['rollingUpdate', 2, 'RollingUpdateDeployment', 'ptr'],
  ],
  RollingUpdateDeployment: [
    ['maxUnavailable', 1, 'IntOrString', 'ptr'],
    ['maxSurge', 2, 'IntOrString', 'ptr'],
  ],
  DeploymentStatus: [
    ['observedGeneration', 1, 'int64'],
    ['replicas', 2, 'int32'],
    ['updatedReplicas', 3, 'int32'],
    ['availableReplicas', 4, 'int32'],
    ['unavailableReplicas', 5, 'int32'],
    ['conditions', 6, 'DeploymentCondition', 'rep'],
    ['readyReplicas', 7, 'int32'],
    ['collisionCount', 8, 'int32', 'ptr'],
  ],
  DeploymentCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['reason', 4, 'string'],
    ['message', 5, 'string'],
    ['lastUpdateTime', 6, 'Time'],
    ['lastTransitionTime', 7, 'Time'],
  ],
  ReplicaSet: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'ReplicaSetSpec'],
    ['status', 3, 'ReplicaSetStatus'],
  ],
  ReplicaSetSpec: [
    ['replicas', 1, 'int32', 'ptr'],
    ['selector', 2, 'LabelSelector', 'ptr'],
    ['template', 3, 'PodTemplateSpec'],
    ['minReadySeconds', 4, 'int32'],
  ],
  ReplicaSetStatus: [
    ['replicas', 1, 'int32', 'keep'],
    ['fullyLabeledReplicas', 2, 'int32'],
    ['observedGeneration', 3, 'int64'],
    ['readyReplicas', 4, 'int32'],
    ['availableReplicas', 5, 'int32'],
    ['conditions', 6, 'ReplicaSetCondition', 'rep'],
  ],
  ReplicaSetCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['lastTransitionTime', 3, 'Time'],
    ['reason', 4, 'string'],
    ['message', 5, 'string'],
  ],

  // ---- batch/v1 ----
  Job: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'JobSpec'],
    ['status', 3, 'JobStatus'],
  ],
  JobSpec: [
    ['parallelism', 1, 'int32', 'ptr'],
    ['completions', 2, 'int32', 'ptr'],
    ['activeDeadlineSeconds', 3, 'int64', 'ptr'],
    ['selector', 4, 'LabelSelector', 'ptr'],
    ['manualSelector', 5, 'bool', 'ptr'],
    ['template', 6, 'PodTemplateSpec'],
    ['backoffLimit', 7, 'int32', 'ptr'],
    ['ttlSecondsAfterFinished', 8, 'int32', 'ptr'],
    ['completionMode', 9, 'string', 'ptr'],
    ['suspend', 10, 'bool', 'ptr'],
    ['podFailurePolicy', 11, 'PodFailurePolicy', 'ptr'],
    ['backoffLimitPerIndex', 12, 'int32', 'ptr'],
    ['maxFailedIndexes', 13, 'int32', 'ptr'],
    ['podReplacementPolicy', 14, 'string', 'ptr'],
    ['managedBy', 15, 'string', 'ptr'],
  ],
  PodFailurePolicy: [['rules', 1, 'PodFailurePolicyRule', 'rep']],
  PodFailurePolicyRule: [
    ['action', 1, 'string'],
    ['onExitCodes', 2, 'PodFailurePolicyOnExitCodesRequirement', 'ptr'],
    ['onPodConditions', 3, 'PodFailurePolicyOnPodConditionsPattern', 'rep'],
  ],
  PodFailurePolicyOnExitCodesRequirement: [
    ['containerName', 1, 'string', 'ptr'],
    ['operator', 2, 'string'],
    ['values', 3, 'int32', 'rep'],
  ],
  PodFailurePolicyOnPodConditionsPattern: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
  ],
  JobStatus: [
    ['conditions', 1, 'JobCondition', 'rep'],
    ['startTime', 2, 'Time', 'ptr'],
    ['completionTime', 3, 'Time', 'ptr'],
    ['active', 4, 'int32'],
    ['succeeded', 5, 'int32'],
    ['failed', 6, 'int32'],
  ],
  JobCondition: [
    ['type', 1, 'string'],
    ['status', 2, 'string'],
    ['lastProbeTime', 3, 'Time'],
    ['lastTransitionTime', 4, 'Time'],
    ['reason', 5, 'string'],
    ['message', 6, 'string'],
  ],
  JobTemplateSpec: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'JobSpec'],
  ],
  CronJob: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'CronJobSpec'],
  ],
  CronJobSpec: [
    ['schedule', 1, 'string'],
    ['startingDeadlineSeconds', 2, 'int64', 'ptr'],
    ['concurrencyPolicy', 3, 'string'],
    ['suspend', 4, 'bool', 'ptr'],
    ['jobTemplate', 5, 'JobTemplateSpec'],
    ['successfulJobsHistoryLimit', 6, 'int32', 'ptr'],
    ['failedJobsHistoryLimit', 7, 'int32', 'ptr'],
    ['timeZone', 8, 'string', 'ptr'],
  ],

  // ---- networking.k8s.io/v1 (kubectl create ingress) ----
  Ingress: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'IngressSpec'],
    ['status', 3, 'IngressStatus'],
  ],
  IngressSpec: [
    ['defaultBackend', 1, 'IngressBackend', 'ptr'],
    ['tls', 2, 'IngressTLS', 'rep'],
    ['rules', 3, 'IngressRule', 'rep'],
    ['ingressClassName', 4, 'string', 'ptr'],
  ],
  // Fields 1 and 2 were v1beta1's serviceName/servicePort.
  IngressBackend: [
    ['resource', 3, 'TypedLocalObjectReference', 'ptr'],
    ['service', 4, 'IngressServiceBackend', 'ptr'],
  ],
  IngressServiceBackend: [
    ['name', 1, 'string'],
    ['port', 2, 'ServiceBackendPort'],
  ],
  ServiceBackendPort: [
    ['name', 1, 'string'],
    ['number', 2, 'int32'],
  ],
  TypedLocalObjectReference: [
    ['apiGroup', 1, 'string', 'ptr'],
    ['kind', 2, 'string'],
    ['name', 3, 'string'],
  ],
  IngressTLS: [
    ['hosts', 1, 'string', 'rep'],
    ['secretName', 2, 'string'],
  ],
  IngressRule: [
    ['host', 1, 'string'],
    ['ingressRuleValue', 2, 'IngressRuleValue', 'inline'],
  ],
  IngressRuleValue: [['http', 1, 'HTTPIngressRuleValue', 'ptr']],
  HTTPIngressRuleValue: [['paths', 1, 'HTTPIngressPath', 'rep']],
  HTTPIngressPath: [
    ['path', 1, 'string'],
    ['backend', 2, 'IngressBackend'],
    ['pathType', 3, 'string', 'ptr'],
  ],
  IngressStatus: [['loadBalancer', 1, 'IngressLoadBalancerStatus']],
  IngressLoadBalancerStatus: [['ingress', 1, 'IngressLoadBalancerIngress', 'rep']],
  IngressLoadBalancerIngress: [
    ['ip', 1, 'string'],
    ['hostname', 2, 'string'],
    ['ports', 4, 'IngressPortStatus', 'rep'],
  ],
  IngressPortStatus: [
    ['port', 1, 'int32'],
    ['protocol', 2, 'string'],
    ['error', 3, 'string', 'ptr'],
  ],
  IngressClass: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'IngressClassSpec'],
  ],
  IngressClassSpec: [
    ['controller', 1, 'string'],
    ['parameters', 2, 'IngressClassParametersReference', 'ptr'],
  ],
  IngressClassParametersReference: [
    ['apiGroup', 1, 'string', 'ptr'],
    ['kind', 2, 'string'],
    ['name', 3, 'string'],
    ['scope', 4, 'string', 'ptr'],
    ['namespace', 5, 'string', 'ptr'],
  ],

  // ---- discovery.k8s.io/v1 (its EndpointPort numbers differ from core's; hints.forNodes left out) ----
  EndpointSlice: [
    ['metadata', 1, 'ObjectMeta'],
    ['endpoints', 2, 'SliceEndpoint', 'rep'],
    ['ports', 3, 'SliceEndpointPort', 'rep'],
    ['addressType', 4, 'string'],
  ],
  SliceEndpoint: [
    ['addresses', 1, 'string', 'rep'],
    ['conditions', 2, 'SliceEndpointConditions'],
    ['hostname', 3, 'string', 'ptr'],
    ['targetRef', 4, 'ObjectReference', 'ptr'],
    ['deprecatedTopology', 5, 'string', 'map'],
    ['nodeName', 6, 'string', 'ptr'],
    ['zone', 7, 'string', 'ptr'],
    ['hints', 8, 'SliceEndpointHints', 'ptr'],
  ],
  SliceEndpointConditions: [
    ['ready', 1, 'bool', 'ptr'],
    ['serving', 2, 'bool', 'ptr'],
    ['terminating', 3, 'bool', 'ptr'],
  ],
  SliceEndpointHints: [['forZones', 1, 'SliceForZone', 'rep']],
  SliceForZone: [['name', 1, 'string']],
  SliceEndpointPort: [
    ['name', 1, 'string', 'ptr'],
    ['protocol', 2, 'string', 'ptr'],
    ['port', 3, 'int32', 'ptr'],
    ['appProtocol', 4, 'string', 'ptr'],
  ],

  // ---- coordination.k8s.io/v1 (every LeaseSpec field is a Go pointer) ----
  Lease: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'LeaseSpec'],
  ],
  LeaseSpec: [
    ['holderIdentity', 1, 'string', 'ptr'],
    ['leaseDurationSeconds', 2, 'int32', 'ptr'],
    ['acquireTime', 3, 'MicroTime', 'ptr'],
    ['renewTime', 4, 'MicroTime', 'ptr'],
    ['leaseTransitions', 5, 'int32', 'ptr'],
  ],

  // ---- autoscaling/v1 ----
  Scale: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'ScaleSpec'],
    ['status', 3, 'ScaleStatus'],
  ],
  // replicas 0 is a real request ("scale to zero"), so it is kept.
  ScaleSpec: [['replicas', 1, 'int32', 'keep']],
  ScaleStatus: [
    ['replicas', 1, 'int32', 'keep'],
    ['selector', 2, 'string'],
  ],
  // autoscaling/v1 HorizontalPodAutoscaler (what `kubectl autoscale` 1.32 posts).
  HorizontalPodAutoscaler: [
    ['metadata', 1, 'ObjectMeta'],
    ['spec', 2, 'HorizontalPodAutoscalerSpec'],
    ['status', 3, 'HorizontalPodAutoscalerStatus'],
  ],
  HorizontalPodAutoscalerSpec: [
    ['scaleTargetRef', 1, 'CrossVersionObjectReference'],
    ['minReplicas', 2, 'int32', 'ptr'],
    ['maxReplicas', 3, 'int32', 'keep'],
    ['targetCPUUtilizationPercentage', 4, 'int32', 'ptr'],
  ],
  CrossVersionObjectReference: [
    ['kind', 1, 'string'],
    ['name', 2, 'string'],
    ['apiVersion', 3, 'string'],
  ],
  HorizontalPodAutoscalerStatus: [
    ['observedGeneration', 1, 'int64', 'ptr'],
    ['lastScaleTime', 2, 'Time', 'ptr'],
    ['currentReplicas', 3, 'int32', 'keep'],
    ['desiredReplicas', 4, 'int32', 'keep'],
    ['currentCPUUtilizationPercentage', 5, 'int32', 'ptr'],
  ],
};

/**
 * KINDS maps "apiVersion/kind" of the envelope to the message to decode.
 * DeleteOptions is accepted under any apiVersion (client-go sends it in the
 * group version of the resource being deleted).
 */
export const KINDS: Readonly<Record<string, string>> = {
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Namespace': 'Namespace',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/Event': 'Event',
  'v1/Pod': 'Pod',
  'v1/Node': 'Node',
  'v1/Binding': 'Binding',
  'policy/v1/Eviction': 'Eviction',
  'policy/v1beta1/Eviction': 'Eviction',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'networking.k8s.io/v1/Ingress': 'Ingress',
  'networking.k8s.io/v1/IngressClass': 'IngressClass',
  'discovery.k8s.io/v1/EndpointSlice': 'EndpointSlice',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'autoscaling/v1/Scale': 'Scale',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
};

/** messageForKind returns the message name for an envelope's apiVersion and kind, or undefined. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'DeleteOptions';
  return KINDS[`${apiVersion}/${kind}`];
}

const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'bytes']);

/** buildRoot turns MESSAGES into a protobufjs Root (proto2 semantics: repeated scalars accept packed and unpacked). */
export function buildRoot(messages: Readonly<Record<string, readonly FieldRow[]>> = MESSAGES): protobuf.Root {
  const nested: Record<string, protobuf.INamespace & protobuf.IType> = {};
  for (const [name, rows] of Object.entries(messages)) {
    const fields: Record<string, protobuf.IField & { keyType?: string; rule?: string }> = {};
    for (const [field, id, type, ...flags] of rows) {
      if (!SCALARS.has(type) && !messages[type]) throw new Error(`schema: ${name}.${field} has unknown type ${type}`);
      if (flags.includes('map')) fields[field] = { id, type, keyType: 'string' };
      else if (flags.includes('rep')) fields[field] = { id, type, rule: 'repeated' };
      else fields[field] = { id, type };
    }
    nested[name] = { fields };
  }
  return protobuf.Root.fromJSON({ nested: { kubedeck: { nested } } });
}
