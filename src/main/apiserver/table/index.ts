/** Table printers, one per served resource, keyed by plural resource name. */
import { hpaPrinter } from './autoscaling';
import { configMapPrinter, eventPrinter, leasePrinter, namespacePrinter, secretPrinter } from './config';
import { ingressClassPrinter, ingressPrinter } from './networking';
import { endpointSlicePrinter } from './discovery';
import { nodePrinter } from './nodes';
import { podPrinter } from './pods';
import { defaultPrinter, type TablePrinter } from './printer';
import { endpointsPrinter, servicePrinter } from './services';
import { cronJobPrinter, jobPrinter } from './batch';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter } from './workloads';
import { controllerRevisionPrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, statefulSetPrinter, storageClassPrinter } from './stateful';

export { buildTable, humanDuration, translateTimestampSince, defaultPrinter, type TablePrinter } from './printer';

const PRINTERS: Record<string, TablePrinter> = {
  pods: podPrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  daemonsets: daemonSetPrinter,
  statefulsets: statefulSetPrinter,
  controllerrevisions: controllerRevisionPrinter,
  persistentvolumeclaims: persistentVolumeClaimPrinter,
  persistentvolumes: persistentVolumePrinter,
  storageclasses: storageClassPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  nodes: nodePrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  namespaces: namespacePrinter,
  events: eventPrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  leases: leasePrinter,
  ingresses: ingressPrinter,
  ingressclasses: ingressClassPrinter,
  endpointslices: endpointSlicePrinter,
  horizontalpodautoscalers: hpaPrinter,
};

/** printerFor returns a resource's printer (Name and Age for unknown ones). */
export function printerFor(resource: string): TablePrinter {
  return PRINTERS[resource] ?? defaultPrinter;
}
