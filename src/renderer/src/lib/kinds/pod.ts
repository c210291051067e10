/** Pods: kubectl's columns; links to their node, owners, Services and Endpoints. */
import type { Pod, Service } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { matchesLabels } from '../k8s/labels';
import { podReady, podRestarts, podStatus } from '../k8s/pod';
import { AGE, sameNamespace } from './common';
import type { KindDescriptor } from './kind';

export const podKind: KindDescriptor = {
  kind: 'Pod',
  resource: 'pods',
  kubectlName: 'pod',
  title: 'Pods',
  gvr: GVR.pods,
  namespaced: true,
  status: (o) => podStatus(o as Pod),
  columns: [
    { header: 'Ready', value: (o) => podReady(o as Pod).join('/') },
    { header: 'Status', value: (o) => podStatus(o as Pod) },
    { header: 'Restarts', value: (o) => String(podRestarts(o as Pod)), numeric: (o) => podRestarts(o as Pod) },
    { header: 'Node', value: (o) => (o as Pod).spec?.nodeName ?? '<none>', wide: true },
    { header: 'IP', value: (o) => (o as Pod).status?.podIP ?? '<none>', wide: true },
    AGE,
  ],
  links: (o) => {
    const p = o as Pod;
    return p.spec?.nodeName ? [{ kind: 'Node', name: p.spec.nodeName, note: 'node' }] : [];
  },
  // Services only: every live list holds one of the browser's six connections per origin
  // (HTTP/1.1), so a detail page watches as few lists as it can; Endpoints link back from the Service.
  related: [
    { title: 'Services selecting this pod', resource: 'services', select: (p, s) => sameNamespace(p, s) && matchesLabels(p.metadata.labels, (s as Service).spec?.selector) },
  ],
};
