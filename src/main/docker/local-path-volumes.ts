/**
 * The local-path provisioner's storage on the local Docker engine: a named
 * volume per claim (the PV's csi.volumeHandle), created by the kubelet that
 * mounts it with the cluster's label. Removing one (reclaim policy Delete)
 * touches only a volume carrying this cluster's id.
 */
import type { PersistentVolume } from '../../shared/api/core';
import { LABEL_CLUSTER } from '../cluster/identity';
import type { VolumeBackend } from '../controller/volume/local-path';
import { connectDocker } from './endpoint';

/** dockerVolumeBackend removes local-path volumes of clusterId from the local engine. */
export function dockerVolumeBackend(clusterId: string): VolumeBackend {
  return {
    async remove(pv: Readonly<PersistentVolume>): Promise<void> {
      const name = pv.spec.csi?.volumeHandle;
      if (!name) return;
      const { docker } = await connectDocker();
      const vol = docker.getVolume(name);
      let labels: Record<string, string> | undefined;
      try {
        labels = ((await vol.inspect()) as { Labels?: Record<string, string> }).Labels ?? undefined;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return;
        throw err;
      }
      if (labels?.[LABEL_CLUSTER] !== clusterId) return;
      try {
        await vol.remove();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      }
    },
  };
}
