/**
 * pods/binding: the scheduler's write. Sets spec.nodeName once (a second
 * binding is 409 Conflict), copies the binding's annotations onto the pod and
 * records the PodScheduled=True condition.
 */
import type { Binding, Pod } from '../../../../shared/api/core';
import type { KubeObject, Status } from '../../../../shared/api/meta';
import { badRequest, conflict, invalid, required } from '../../status';
import { rfc3339 } from '../generic-resource';
import type { ObjectUpdater } from '../strategy';
import type { WriteOptions } from '../types';

const BINDING_GR = { group: '', resource: 'pods/binding' };

/** bindPod assigns a pod to the node named by a Binding's target. */
export async function bindPod(r: ObjectUpdater, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): Promise<KubeObject | Status> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a Binding object');
  const binding = body as Binding;
  if (binding.metadata?.name && binding.metadata.name !== name) {
    throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
  }
  const node = binding.target?.name;
  if (!node) throw invalid('', 'Binding', name, [required('target.name')]);
  if (binding.target.kind && binding.target.kind !== 'Node') throw invalid('', 'Binding', name, [{ type: 'FieldValueNotSupported', field: 'target.kind', body: `Unsupported value: ${JSON.stringify(binding.target.kind)}: supported values: "Node"` }]);
  await r.updateObject(
    namespace,
    name,
    (obj) => {
      const pod = obj as Pod;
      if (pod.metadata.deletionTimestamp) throw conflict(BINDING_GR, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec.nodeName) throw conflict(BINDING_GR, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      pod.spec.nodeName = node;
      // The binding's annotations land on the pod, as setPodHostAndAnnotations does.
      const extra = binding.metadata?.annotations;
      if (extra && typeof extra === 'object') pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...extra };
      const status = (pod.status ??= {});
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(r.now()) });
      status.conditions = conditions;
    },
    // The binding is the one sanctioned way to change spec.nodeName, so it writes as the status path would not.
    { ...opts, subresource: 'binding' },
  );
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
