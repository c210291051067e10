/**
 * Namespaces (pkg/registry/core/namespace). Deletion: DELETE sets
 * deletionTimestamp and status.phase=Terminating; spec.finalizers
 * (["kubernetes"]) keep the namespace until the namespace controller has
 * emptied it and PUTs namespaces/<name>/finalize with spec.finalizers
 * emptied, which completes the deletion (as in Kubernetes, a plain update
 * cannot change spec.finalizers).
 */
import type { Namespace } from '../../../../shared/api/core';
import { forbidden } from '../../status';
import { namespacePrinter } from '../../table/config';
import { topLevel } from '../schema';
import { NAMESPACE_STATUS } from '../status-schemas';
import type { Strategy } from '../strategy';
import { dns1123Label } from '../validation';

/** NAMESPACE_NAME_LABEL is the label Kubernetes sets to every namespace's own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** IMMORTAL_NAMESPACES may not be deleted (the NamespaceLifecycle admission rule). */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** namespaceStrategy declares namespaces. */
export const namespaceStrategy: Strategy = {
  schema: topLevel({ spec: { finalizers: 'strings' }, status: NAMESPACE_STATUS }),
  // No generation semantics here (as in Kubernetes): heartbeats and cordons must not bump it.
  specOf: () => undefined,
  nameValidator: dns1123Label,
  applyDefaults(obj) {
    const name = obj.metadata.name;
    if (name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
  },
  prepareForCreate(obj) {
    const ns = obj as Namespace;
    const finalizers = ns.spec?.finalizers ?? [];
    ns.spec = { ...(ns.spec ?? {}), finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(obj, old, _ctx, subresource) {
    if (subresource === 'finalize') return;
    // spec.finalizers change only through the finalize subresource.
    const ns = obj as Namespace;
    const prev = old as Namespace;
    if (prev.spec?.finalizers !== undefined) ns.spec = { ...(ns.spec ?? {}), finalizers: prev.spec.finalizers };
    else if (ns.spec) delete ns.spec.finalizers;
  },
  checkDelete(obj) {
    const name = obj.metadata.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name)) throw forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted');
  },
  hasPendingFinalizers: (obj) => ((obj as Namespace).spec?.finalizers ?? []).length > 0,
  beforeDelete(obj) {
    const ns = obj as Namespace;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
  },
  fieldSelectors: {
    'status.phase': (o) => (o as Namespace).status?.phase,
  },
  printer: namespacePrinter,
};
