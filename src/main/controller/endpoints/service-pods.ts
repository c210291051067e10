/**
 * Which Services a pod change concerns, for the controllers that keep a
 * Service's backends (Endpoints, EndpointSlices): a pod added, changed or
 * deleted enqueues every Service of its namespace whose selector matches it,
 * and a relabelled pod also the Services that selected its old labels.
 */
import type { Pod, Service } from '../../../shared/api/core';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';

/** selectorMatches reports whether labels satisfy a Service's equality selector (an empty selector matches nothing). */
export function selectorMatches(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

/** enqueueServicesOfPods registers pod handlers that enqueue the key of each Service selecting the pod. */
export function enqueueServicesOfPods(services: Informer<Service>, pods: Informer<Pod>, enqueue: (serviceKey: string) => void): void {
  const servicesFor = (pod: Readonly<Pod>) => {
    for (const svc of services.lister.list(pod.metadata.namespace)) {
      if (selectorMatches(svc.spec?.selector, pod.metadata.labels)) enqueue(objectKey(svc));
    }
  };
  pods.addEventHandler({
    onAdd: servicesFor,
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      servicesFor(cur);
      // Services that selected the old labels must drop the pod.
      if (!sameLabels(old.metadata.labels, cur.metadata.labels)) servicesFor(old);
    },
    onDelete: servicesFor,
  });
}
