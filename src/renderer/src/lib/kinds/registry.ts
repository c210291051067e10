/** Every kind the UI browses, and the routes to its list and its objects. */
import { configMapKind } from './configmap';
import { cronJobKind } from './cronjob';
import { daemonSetKind } from './daemonset';
import { deploymentKind } from './deployment';
import { endpointsKind } from './endpoints';
import { endpointSliceKind } from './endpointslice';
import { horizontalPodAutoscalerKind } from './horizontalpodautoscaler';
import { eventKind } from './event';
import { ingressKind } from './ingress';
import { ingressClassKind } from './ingressclass';
import { jobKind } from './job';
import type { KindDescriptor } from './kind';
import { leaseKind } from './lease';
import { namespaceKind } from './namespace';
import { nodeKind } from './node';
import { podKind } from './pod';
import { replicaSetKind } from './replicaset';
import { secretKind } from './secret';
import { serviceKind } from './service';
import { statefulSetKind } from './statefulset';
import { persistentVolumeClaimKind } from './persistentvolumeclaim';
import { persistentVolumeKind } from './persistentvolume';
import { storageClassKind } from './storageclass';

/** KINDS in sidebar order. */
export const KINDS: readonly KindDescriptor[] = [
  namespaceKind,
  nodeKind,
  podKind,
  deploymentKind,
  replicaSetKind,
  daemonSetKind,
  statefulSetKind,
  jobKind,
  cronJobKind,
  horizontalPodAutoscalerKind,
  serviceKind,
  endpointsKind,
  endpointSliceKind,
  ingressKind,
  ingressClassKind,
  configMapKind,
  secretKind,
  persistentVolumeClaimKind,
  persistentVolumeKind,
  storageClassKind,
  eventKind,
  leaseKind,
];

const BY_RESOURCE = new Map(KINDS.map((k) => [k.resource, k]));
const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

/** kindByResource finds a descriptor by its plural ("deployments"). */
export function kindByResource(resource: string): KindDescriptor | undefined {
  return BY_RESOURCE.get(resource);
}

/** kindByKind finds a descriptor by its kind ("Deployment"). */
export function kindByKind(kind: string): KindDescriptor | undefined {
  return BY_KIND.get(kind);
}

/** listHref links to a kind's list. */
export function listHref(resource: string): string {
  return `#/${resource}`;
}

/**
 * objectHref links to an object's detail page: `#/<resource>/<namespace>/<name>`,
 * or `#/<resource>/<name>` for cluster-scoped kinds. Unknown kinds get no link.
 */
export function objectHref(kind: string, namespace: string | undefined, name: string): string | undefined {
  const k = BY_KIND.get(kind);
  if (!k) return undefined;
  const enc = encodeURIComponent;
  return k.namespaced ? `#/${k.resource}/${enc(namespace ?? 'default')}/${enc(name)}` : `#/${k.resource}/${enc(name)}`;
}

/** objectLabel is kubectl's `<resource>/<name>` ("deployment.apps/web"). */
export function objectLabel(kind: string, name: string): string {
  return `${BY_KIND.get(kind)?.kubectlName ?? kind.toLowerCase()}/${name}`;
}
