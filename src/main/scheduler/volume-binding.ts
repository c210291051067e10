/**
 * The VolumeBinding plugin, reduced to what local volumes need: a pod's
 * claims must exist; a bound claim's volume may pin the pod to nodes (PV
 * nodeAffinity); an unbound claim of a WaitForFirstConsumer class is fine on
 * any node and gets that node as `volume.kubernetes.io/selected-node` before
 * the pod is bound (PreBind), which is when the provisioner acts; an unbound
 * claim of an Immediate class makes the pod wait.
 */
import type { NodeSelectorTerm, PersistentVolume, PersistentVolumeClaim, Pod } from '../../shared/api/core';
import type { StorageClass } from '../../shared/api/storage';
import type { Informer } from '../client/informer';
import { nodeMatchesTerms } from './plugins';

/** VolumeReasons are Kubernetes' VolumeBinding messages. */
export const VolumeReasons = {
  nodeConflict: 'node(s) had volume node affinity conflict',
  unboundImmediate: 'pod has unbound immediate PersistentVolumeClaims',
  bindConflict: "node(s) didn't find available persistent volumes to bind",
} as const;

export interface VolumeInformers {
  claims: Informer<PersistentVolumeClaim>;
  volumes: Informer<PersistentVolume>;
  classes: Informer<StorageClass>;
}

/** PodVolumes is what one scheduling attempt learned about a pod's claims. */
export interface PodVolumes {
  /** A reason no node can take the pod (a missing claim, an unbound Immediate claim). */
  unschedulable?: string;
  /** Node affinity terms of each bound volume (all must match). */
  pinned: NodeSelectorTerm[][];
  /** Unbound WaitForFirstConsumer claims the chosen node must be recorded on. */
  toSelect: Readonly<PersistentVolumeClaim>[];
  /** Every claim the pod uses, by name (PreBind waits until all are bound). */
  claimNames: string[];
}

/** podVolumes reads the pod's claims from the informers. */
export function podVolumes(pod: Readonly<Pod>, inf: VolumeInformers): PodVolumes {
  const out: PodVolumes = { pinned: [], toSelect: [], claimNames: [] };
  const ns = pod.metadata.namespace;
  for (const v of pod.spec.volumes ?? []) {
    const name = v.persistentVolumeClaim?.claimName;
    if (!name) continue;
    out.claimNames.push(name);
    const claim = inf.claims.lister.get(ns, name);
    if (!claim) {
      out.unschedulable = `persistentvolumeclaim "${name}" not found`;
      continue;
    }
    if (claim.metadata.deletionTimestamp) {
      out.unschedulable = `persistentvolumeclaim "${name}" is being deleted`;
      continue;
    }
    if (claim.spec.volumeName) {
      const pv = inf.volumes.lister.get(undefined, claim.spec.volumeName);
      const terms = pv?.spec.nodeAffinity?.required?.nodeSelectorTerms;
      if (terms?.length) out.pinned.push(terms);
      continue;
    }
    const sc = claim.spec.storageClassName ? inf.classes.lister.get(undefined, claim.spec.storageClassName) : undefined;
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer') out.toSelect.push(claim);
    else out.unschedulable = VolumeReasons.unboundImmediate;
  }
  return out;
}

/** volumeFilter returns the reasons a node cannot take the pod's volumes (empty = fits). */
export function volumeFilter(v: PodVolumes, labels: Record<string, string>, nodeName: string): string[] {
  if (v.unschedulable) return [v.unschedulable];
  if (v.pinned.some((terms) => !nodeMatchesTerms(terms, labels, nodeName))) return [VolumeReasons.nodeConflict];
  return [];
}
