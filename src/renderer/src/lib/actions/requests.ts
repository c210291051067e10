/**
 * The API calls behind each action, each the request the equivalent kubectl
 * command makes (scale subresource, merge/JSON patches, DeleteOptions,
 * policy/v1 Eviction), through the page's authenticated API client.
 */
import type { KubeObject } from '../../../../shared/api/meta';
import { GVR, resourcePath } from '../../../../shared/api/resources';
import type { Pod } from '../../../../shared/api/core';
import { apiRequest, withQuery } from '../k8s/client';
import type { ActionParams } from './kubectl-command';
import type { ActionTarget, TargetKind } from './targets';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

/** GVR_BY_KIND maps the kinds the UI acts on to their resources. */
export const GVR_BY_KIND: Record<TargetKind, (typeof GVR)[keyof typeof GVR]> = {
  Deployment: GVR.deployments,
  ReplicaSet: GVR.replicasets,
  Pod: GVR.pods,
  Service: GVR.services,
  Node: GVR.nodes,
  ConfigMap: GVR.configmaps,
  Secret: GVR.secrets,
  Endpoints: GVR.endpoints,
  Lease: GVR.leases,
};

/** objectPath is the REST path of the target (or of one of its subresources). */
export function objectPath(t: ActionTarget, subresource?: string): string {
  return resourcePath(GVR_BY_KIND[t.kind], t.kind === 'Node' ? undefined : t.namespace, t.name, subresource);
}

/** getObject reads the target as it is now. */
export function getObject<T extends KubeObject>(t: ActionTarget): Promise<T> {
  return apiRequest<T>(objectPath(t));
}

/** patchObject sends a merge patch (or a JSON patch when given an array). */
export function patchObject<T extends KubeObject>(t: ActionTarget, patch: object, subresource?: string): Promise<T> {
  return apiRequest<T>(objectPath(t, subresource), { method: 'PATCH', body: patch, contentType: Array.isArray(patch) ? JSON_PATCH : MERGE });
}

/** scaleObject is `kubectl scale`: a patch of the scale subresource. */
export function scaleObject(t: ActionTarget, replicas: number): Promise<KubeObject> {
  return patchObject(t, { spec: { replicas } }, 'scale');
}

/** deleteObject is `kubectl delete` with --cascade and --grace-period. */
export function deleteObject(t: ActionTarget, p: Pick<ActionParams, 'propagation' | 'gracePeriodSeconds'>): Promise<KubeObject> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: p.propagation ?? 'Background' };
  if (p.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = p.gracePeriodSeconds;
  return apiRequest<KubeObject>(objectPath(t), { method: 'DELETE', body });
}

/** replaceObject is the PUT of an edit: it carries the resourceVersion it was read at, so a stale one is a 409. */
export function replaceObject<T extends KubeObject>(t: ActionTarget, obj: KubeObject, dryRun = false): Promise<T> {
  return apiRequest<T>(withQuery(objectPath(t), { fieldValidation: 'Strict', dryRun: dryRun ? 'All' : undefined }), { method: 'PUT', body: obj });
}

/** evictPod posts a policy/v1 Eviction for one pod (what kubectl drain does per pod). */
export function evictPod(pod: Pod): Promise<unknown> {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  return apiRequest(resourcePath(GVR.pods, ns, name, 'eviction'), {
    method: 'POST',
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns } },
  });
}

/** listPodsOnNode lists the pods bound to a node (field selector spec.nodeName, as kubectl drain does). */
export async function listPodsOnNode(node: string): Promise<Pod[]> {
  const list = await apiRequest<{ items: Pod[] }>(withQuery(resourcePath(GVR.pods), { fieldSelector: `spec.nodeName=${node}` }));
  return list.items;
}
