/**
 * The PersistentVolume controller (Kubernetes' pv_controller.go, with the
 * local-path provisioner folded in, as k3s ships one): binds claims to
 * matching Available volumes, provisions a volume for a claim of a class
 * whose provisioner is `kubedeck.io/local-path` (for WaitForFirstConsumer
 * classes only once the scheduler has chosen a node,
 * `volume.kubernetes.io/selected-node`), keeps both phases, and reclaims a
 * volume whose claim is gone: Retain → Released, Delete → the storage is
 * removed through the VolumeBackend, then the PV. It also lifts the
 * pvc-protection finalizer of a deleted claim once no pod uses it. Handlers enqueue
 * `claim/<ns>/<name>` or `volume/<name>`; one sync converges each.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../../shared/api/core';
import { GVR } from '../../../shared/api/resources';
import { parseQuantity } from '../../../shared/quantity';
import { BOUND_BY_CONTROLLER_ANNOTATION, LOCAL_PATH_PROVISIONER, PROVISIONER_ANNOTATION, PVC_PROTECTION_FINALIZER, SELECTED_NODE_ANNOTATION, type StorageClass } from '../../../shared/api/storage';
import { isAlreadyExists, isConflict, isNotFound } from '../../../shared/errors';
import { realClock, type Clock } from '../../client/clock';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/lister';
import type { PauseGate } from '../../client/pause-gate';
import type { ApiClient } from '../../client/types';
import { WorkQueue } from '../../client/workqueue';
import { runWorkers } from '../../client/worker';
import type { EventRecorder } from '../../client/event-recorder';
import { defaultStorageClass, provisionedVolume, type VolumeBackend } from './local-path';

export interface PersistentVolumeControllerDeps {
  client: ApiClient;
  claimInformer: Informer<PersistentVolumeClaim>;
  volumeInformer: Informer<PersistentVolume>;
  classInformer: Informer<StorageClass>;
  /** Pods, for the pvc-protection finalizer (absent: the finalizer is removed at once). */
  podInformer?: Informer<Pod>;
  recorder: EventRecorder;
  /** Removes the storage of reclaimed local-path volumes (absent: only the PV object goes). */
  backend?: VolumeBackend;
  clock?: Clock;
  onError?: (key: string, err: unknown) => void;
}

/** volumeMatches: an Available volume of the claim's class, large enough, with every access mode it asks. */
export function volumeMatches(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>): boolean {
  if (pv.metadata.deletionTimestamp || pv.spec.claimRef) return false;
  if ((pv.spec.storageClassName ?? '') !== (claim.spec.storageClassName ?? '')) return false;
  const want = parseQuantity(String(claim.spec.resources?.requests?.storage ?? '0'));
  const have = parseQuantity(String(pv.spec.capacity?.storage ?? '0'));
  if (have < want) return false;
  return (claim.spec.accessModes ?? []).every((m) => pv.spec.accessModes?.includes(m));
}

/** PersistentVolumeController binds, provisions and reclaims volumes. */
export class PersistentVolumeController {
  readonly queue: WorkQueue<string>;

  constructor(private readonly deps: PersistentVolumeControllerDeps) {
    this.queue = new WorkQueue<string>({ name: 'persistentvolume', clock: deps.clock ?? realClock });
    const claim = (c: Readonly<PersistentVolumeClaim>) => {
      this.queue.add(`claim/${objectKey(c)}`);
      if (c.spec?.volumeName) this.queue.add(`volume/${c.spec.volumeName}`);
    };
    const volume = (v: Readonly<PersistentVolume>) => {
      this.queue.add(`volume/${v.metadata.name}`);
      const ref = v.spec?.claimRef;
      if (ref?.name) this.queue.add(`claim/${ref.namespace}/${ref.name}`);
    };
    deps.claimInformer.addEventHandler({
      onAdd: claim,
      onUpdate: (_o, c) => claim(c),
      onDelete: (c) => {
        // The claim's volume is released.
        const pv = c.spec?.volumeName;
        if (pv) this.queue.add(`volume/${pv}`);
        for (const v of deps.volumeInformer.lister.list(undefined, (x) => x.spec?.claimRef?.uid === c.metadata.uid)) this.queue.add(`volume/${v.metadata.name}`);
      },
    });
    // A pod that ends or goes may free a claim waiting on its protection finalizer.
    const podClaims = (p: Readonly<Pod>) => {
      for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim) this.queue.add(`claim/${p.metadata.namespace}/${v.persistentVolumeClaim.claimName}`);
    };
    deps.podInformer?.addEventHandler({ onUpdate: (_o, p) => podClaims(p), onDelete: podClaims });
    deps.volumeInformer.addEventHandler({ onAdd: volume, onUpdate: (_o, v) => volume(v), onDelete: volume });
    deps.classInformer.addEventHandler({
      onAdd: () => {
        for (const c of deps.claimInformer.lister.list(undefined, (x) => !x.spec?.volumeName)) claim(c);
      },
    });
  }

  /** run makes sure the default StorageClass exists, then processes the queue until stop. */
  async run(workers = 2, gate?: PauseGate): Promise<void> {
    await this.ensureDefaultClass().catch((err) => this.deps.onError?.('storageclass/local-path', err));
    return runWorkers(this.queue, workers, (k) => this.sync(k), { onError: this.deps.onError, gate });
  }

  /** stop shuts the queue down. */
  stop(): void {
    this.queue.shutDown();
  }

  /** ensureDefaultClass creates `local-path` unless some class is there already by that name. */
  async ensureDefaultClass(): Promise<void> {
    const sc = defaultStorageClass();
    if (this.deps.classInformer.lister.get(undefined, sc.metadata.name!)) return;
    try {
      await this.deps.client.create(GVR.storageclasses, undefined, sc);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }

  /** sync converges one claim (`claim/<ns>/<name>`) or volume (`volume/<name>`). */
  async sync(key: string): Promise<void> {
    if (key.startsWith('claim/')) return this.syncClaim(key.slice('claim/'.length));
    if (key.startsWith('volume/')) return this.syncVolume(key.slice('volume/'.length));
  }

  private async syncClaim(key: string): Promise<void> {
    const claim = this.deps.claimInformer.lister.getByKey(key);
    if (!claim) return;
    if (claim.metadata.deletionTimestamp) return this.releaseProtection(claim);
    const volumes = this.deps.volumeInformer.lister;
    if (claim.spec.volumeName) {
      const pv = volumes.get(undefined, claim.spec.volumeName);
      if (!pv) {
        if (claim.status?.phase === 'Bound') await this.claimStatus(claim, { phase: 'Lost' });
        return;
      }
      if (!pv.spec.claimRef) await this.bindVolume(pv, claim);
      if (!pv.spec.claimRef || pv.spec.claimRef.uid === claim.metadata.uid) await this.claimStatus(claim, { phase: 'Bound', accessModes: pv.spec.accessModes, capacity: pv.spec.capacity });
      return;
    }
    // A volume pre-bound to this claim (the provisioner makes them so), else any matching Available one.
    const pre = volumes.list(undefined, (v) => {
      const r = v.spec.claimRef;
      return !!r && r.namespace === claim.metadata.namespace && r.name === claim.metadata.name && (!r.uid || r.uid === claim.metadata.uid);
    })[0];
    const match = pre ?? volumes.list(undefined, (v) => volumeMatches(v, claim) && (v.status?.phase ?? 'Available') === 'Available')[0];
    if (match) {
      await this.bindClaim(claim, match);
      return;
    }
    const sc = claim.spec.storageClassName ? this.deps.classInformer.lister.get(undefined, claim.spec.storageClassName) : undefined;
    if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return;
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION]) {
      if (claim.metadata.annotations?.[PROVISIONER_ANNOTATION] === undefined) this.deps.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      await this.annotateProvisioner(claim, sc);
      return;
    }
    await this.annotateProvisioner(claim, sc);
    const pv = provisionedVolume(claim, sc);
    try {
      await this.deps.client.create(GVR.persistentvolumes, undefined, pv);
      this.deps.recorder.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pv.metadata.name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        this.deps.recorder.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata.name}": ${(err as Error).message}`);
        throw err;
      }
    }
  }

  /** releaseProtection removes the pvc-protection finalizer once no running pod uses the claim (checked live, not in the cache). */
  private async releaseProtection(claim: Readonly<PersistentVolumeClaim>): Promise<void> {
    const fin = claim.metadata.finalizers ?? [];
    if (!fin.includes(PVC_PROTECTION_FINALIZER)) return;
    if (this.deps.podInformer) {
      const pods = (await this.deps.client.list<Pod>(GVR.pods, claim.metadata.namespace)).items;
      const inUse = pods.some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name));
      if (inUse) return;
    }
    try {
      await this.deps.client.patch(GVR.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name!, 'application/merge-patch+json', {
        metadata: { finalizers: fin.filter((f) => f !== PVC_PROTECTION_FINALIZER), resourceVersion: claim.metadata.resourceVersion },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async annotateProvisioner(claim: Readonly<PersistentVolumeClaim>, sc: Readonly<StorageClass>): Promise<void> {
    if (claim.metadata.annotations?.[PROVISIONER_ANNOTATION] === sc.provisioner) return;
    await this.deps.client.patch(GVR.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name!, 'application/merge-patch+json', { metadata: { annotations: { [PROVISIONER_ANNOTATION]: sc.provisioner } } });
  }

  /** bindClaim binds volume and claim both ways, the volume first (as pv_controller does). */
  private async bindClaim(claim: Readonly<PersistentVolumeClaim>, pv: Readonly<PersistentVolume>): Promise<void> {
    if (!pv.spec.claimRef?.uid) await this.bindVolume(pv, claim);
    await this.deps.client.patch(GVR.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name!, 'application/merge-patch+json', {
      metadata: { annotations: { [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' } },
      spec: { volumeName: pv.metadata.name },
    });
    await this.claimStatus(claim, { phase: 'Bound', accessModes: pv.spec.accessModes, capacity: pv.spec.capacity });
    this.deps.recorder.event(claim, 'Normal', 'Bound', `Bound to volume ${pv.metadata.name}`);
  }

  private async bindVolume(pv: Readonly<PersistentVolume>, claim: Readonly<PersistentVolumeClaim>): Promise<void> {
    const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion };
    await this.deps.client.patch(GVR.persistentvolumes, undefined, pv.metadata.name!, 'application/merge-patch+json', { spec: { claimRef } });
    await this.volumeStatus(pv, 'Bound');
  }

  private async syncVolume(name: string): Promise<void> {
    const pv = this.deps.volumeInformer.lister.get(undefined, name);
    if (!pv || pv.metadata.deletionTimestamp) return;
    const ref = pv.spec.claimRef;
    if (!ref?.name) {
      await this.volumeStatus(pv, 'Available');
      return;
    }
    const claim = this.deps.claimInformer.lister.get(ref.namespace, ref.name);
    if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) {
      if (claim.spec.volumeName === pv.metadata.name) await this.volumeStatus(pv, 'Bound');
      return;
    }
    // The cache may be late: only a claim the API does not have (or has anew) releases the volume.
    try {
      const live = await this.deps.client.get<PersistentVolumeClaim>(GVR.persistentvolumeclaims, ref.namespace, ref.name);
      if (!ref.uid || live.metadata.uid === ref.uid) return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') {
      if (pv.spec.csi?.driver === LOCAL_PATH_PROVISIONER) await this.deps.backend?.remove(pv);
      try {
        await this.deps.client.delete(GVR.persistentvolumes, undefined, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    await this.volumeStatus(pv, 'Released');
  }

  private async volumeStatus(pv: Readonly<PersistentVolume>, phase: NonNullable<PersistentVolume['status']>['phase']): Promise<void> {
    if (pv.status?.phase === phase) return;
    const lastPhaseTransitionTime = new Date((this.deps.clock ?? realClock).now()).toISOString().replace(/\.\d+Z$/, 'Z');
    await this.retryStatus(() => this.deps.client.patch(GVR.persistentvolumes, undefined, pv.metadata.name!, 'application/merge-patch+json', { status: { phase, lastPhaseTransitionTime } }, { subresource: 'status' }));
  }

  private async claimStatus(claim: Readonly<PersistentVolumeClaim>, status: NonNullable<PersistentVolumeClaim['status']>): Promise<void> {
    const cur = claim.status ?? {};
    if (cur.phase === status.phase && JSON.stringify(cur.capacity) === JSON.stringify(status.capacity) && JSON.stringify(cur.accessModes) === JSON.stringify(status.accessModes)) return;
    await this.retryStatus(() => this.deps.client.patch(GVR.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name!, 'application/merge-patch+json', { status }, { subresource: 'status' }));
  }

  private async retryStatus(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) return write().then(() => undefined);
      throw err;
    }
  }
}
