/** Leases: who holds them and when they were last renewed. */
import type { Lease } from '../../../../shared/api/coordination';
import { GVR } from '../../../../shared/api/resources';
import { AGE } from './common';
import type { KindDescriptor } from './kind';

export const leaseKind: KindDescriptor = {
  kind: 'Lease',
  resource: 'leases',
  kubectlName: 'lease.coordination.k8s.io',
  title: 'Leases',
  gvr: GVR.leases,
  namespaced: true,
  columns: [{ header: 'Holder', value: (o) => (o as Lease).spec?.holderIdentity ?? '' }, AGE],
  facts: (o) => {
    const l = o as Lease;
    return [
      { term: 'Holder', value: l.spec?.holderIdentity ?? '<none>' },
      { term: 'Duration', value: l.spec?.leaseDurationSeconds !== undefined ? `${l.spec.leaseDurationSeconds}s` : '' },
      { term: 'Acquired', value: l.spec?.acquireTime ?? '' },
      { term: 'Renewed', value: l.spec?.renewTime ?? '' },
      { term: 'Transitions', value: String(l.spec?.leaseTransitions ?? 0) },
    ];
  },
  // A node's heartbeat lease (kube-node-lease) is named after the node.
  links: (o) => (o.metadata.namespace === 'kube-node-lease' && o.metadata.name ? [{ kind: 'Node', name: o.metadata.name, note: 'node' }] : []),
};
