/**
 * The resources Kubedeck serves: one table shared by the apiserver (routing,
 * discovery, OpenAPI), the in-process client and the renderer (URLs).
 */

/** GroupVersionResource names a collection. group '' is the core group. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface SubresourceInfo {
  name: string;
  /** Kind returned by the subresource (e.g. Scale in autoscaling/v1). */
  responseKind: { group: string; version: string; kind: string };
  verbs: string[];
}

export interface ResourceInfo extends GroupVersionResource {
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

function res(
  group: string,
  version: string,
  resource: string,
  kind: string,
  opts: {
    singular?: string;
    namespaced?: boolean;
    shortNames?: string[];
    categories?: string[];
    verbs?: string[];
    subresources?: SubresourceInfo[];
  } = {},
): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    listKind: `${kind}List`,
    singular: opts.singular ?? kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    categories: opts.categories ?? [],
    verbs: opts.verbs ?? ALL_VERBS,
    subresources: opts.subresources ?? [],
  };
}

function status(group: string, version: string, kind: string): SubresourceInfo {
  return { name: 'status', responseKind: { group, version, kind }, verbs: STATUS_VERBS };
}

const scale: SubresourceInfo = {
  name: 'scale',
  responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  verbs: STATUS_VERBS,
};

/** RESOURCES lists every served resource, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  res('', 'v1', 'namespaces', 'Namespace', {
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('', 'v1', 'Namespace')],
  }),
  res('', 'v1', 'pods', 'Pod', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      status('', 'v1', 'Pod'),
      { name: 'binding', responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
      { name: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { name: 'ephemeralcontainers', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get', 'patch', 'update'] },
      { name: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
      { name: 'attach', responseKind: { group: '', version: 'v1', kind: 'PodAttachOptions' }, verbs: ['create', 'get'] },
      { name: 'exec', responseKind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] },
      {
        name: 'portforward',
        responseKind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
        verbs: ['create', 'get'],
      },
    ],
  }),
  res('', 'v1', 'nodes', 'Node', { namespaced: false, shortNames: ['no'], subresources: [status('', 'v1', 'Node')] }),
  res('', 'v1', 'services', 'Service', {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [status('', 'v1', 'Service')],
  }),
  res('', 'v1', 'endpoints', 'Endpoints', { singular: 'endpoints', shortNames: ['ep'] }),
  res('', 'v1', 'events', 'Event', { shortNames: ['ev'] }),
  res('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  res('', 'v1', 'secrets', 'Secret'),
  res('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', { shortNames: ['pvc'], subresources: [status('', 'v1', 'PersistentVolumeClaim')] }),
  res('', 'v1', 'persistentvolumes', 'PersistentVolume', { namespaced: false, shortNames: ['pv'], subresources: [status('', 'v1', 'PersistentVolume')] }),
  res('apps', 'v1', 'deployments', 'Deployment', {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'Deployment'), scale],
  }),
  res('apps', 'v1', 'replicasets', 'ReplicaSet', {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'ReplicaSet'), scale],
  }),
  res('apps', 'v1', 'daemonsets', 'DaemonSet', {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'DaemonSet')],
  }),
  res('apps', 'v1', 'statefulsets', 'StatefulSet', {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [status('apps', 'v1', 'StatefulSet'), scale],
  }),
  res('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  res('batch', 'v1', 'jobs', 'Job', {
    categories: ['all'],
    subresources: [status('batch', 'v1', 'Job')],
  }),
  res('batch', 'v1', 'cronjobs', 'CronJob', {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [status('batch', 'v1', 'CronJob')],
  }),
  res('networking.k8s.io', 'v1', 'ingresses', 'Ingress', {
    shortNames: ['ing'],
    subresources: [status('networking.k8s.io', 'v1', 'Ingress')],
  }),
  res('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', { namespaced: false }),
  res('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  res('coordination.k8s.io', 'v1', 'leases', 'Lease'),
  res('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', { namespaced: false, shortNames: ['sc'] }),
  // The events.k8s.io/v1 view of the same stored Events (no short name: `ev` stays core's, as in Kubernetes).
  res('events.k8s.io', 'v1', 'events', 'Event'),
  res('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: [status('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  }),
];

/**
 * METRICS_RESOURCES are metrics.k8s.io/v1beta1's read-only resources, served
 * from the kubelets' readings (not stored), as metrics-server's aggregated API.
 */
export const METRICS_RESOURCES: readonly ResourceInfo[] = [
  res('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', { namespaced: false, verbs: ['get', 'list'] }),
  res('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', { verbs: ['get', 'list'] }),
];

/** HPA_V1_RESOURCE is autoscaling/v1, served as a view of the stored autoscaling/v2 objects. */
export const HPA_V1_RESOURCE: ResourceInfo = res('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', {
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: [status('autoscaling', 'v1', 'HorizontalPodAutoscaler')],
});

/** DISCOVERY_RESOURCES is everything discovery lists: the stored resources, other versions of them, and the metrics API. */
export const DISCOVERY_RESOURCES: readonly ResourceInfo[] = [...RESOURCES, HPA_V1_RESOURCE, ...METRICS_RESOURCES];

/** apiVersionOf returns "v1" or "group/version". */
export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** findResource looks a resource up by group, version and plural name. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** findResourceByKind looks a resource up by apiVersion and kind. */
export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** resourcePath builds the REST path of a collection or an object. */
export function resourcePath(r: GroupVersionResource & { namespaced?: boolean }, namespace?: string, name?: string, subresource?: string): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.resource}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

/** Well-known GVRs, for code that names a resource. */
export const GVR = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints' },
  events: { group: '', version: 'v1', resource: 'events' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  secrets: { group: '', version: 'v1', resource: 'secrets' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  controllerrevisions: { group: 'apps', version: 'v1', resource: 'controllerrevisions' },
  persistentvolumeclaims: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  persistentvolumes: { group: '', version: 'v1', resource: 'persistentvolumes' },
  storageclasses: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  ingresses: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  ingressclasses: { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses' },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
  horizontalpodautoscalers: { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
  podmetrics: { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' },
  nodemetrics: { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' },
} as const satisfies Record<string, GroupVersionResource>;
