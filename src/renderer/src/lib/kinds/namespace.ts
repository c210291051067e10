/** Namespaces: phase; their pods and events are a filter away. */
import type { Namespace } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

export const namespaceKind: KindDescriptor = {
  kind: 'Namespace',
  resource: 'namespaces',
  kubectlName: 'namespace',
  title: 'Namespaces',
  gvr: GVR.namespaces,
  namespaced: false,
  status: (o) => (o as Namespace).status?.phase ?? 'Active',
  columns: [{ header: 'Status', value: (o) => (o as Namespace).status?.phase ?? 'Active' }, AGE],
  related: [{ title: 'Pods', resource: 'pods', select: (ns, p) => p.metadata.namespace === ns.metadata.name }],
};
