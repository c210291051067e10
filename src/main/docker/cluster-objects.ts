/**
 * Everything one cluster owns on a Docker engine, found by its cluster label:
 * pod and helper containers, Service proxies, emptyDir volumes, its network.
 * Used by reset (serve --reset, the app's Reset) and by tests cleaning up.
 */
import type Docker from 'dockerode';
import { clusterNetworkName, LABEL_CLUSTER } from '../cluster/identity';
import { removeClusterNetwork } from './network';

export interface RemovedObjects {
  containers: number;
  volumes: number;
  networks: number;
}

/**
 * removeClusterObjects force-removes the containers, volumes and networks
 * labelled with this cluster id (and the cluster's network by name), and
 * nothing else: other clusters' objects on the engine are left alone.
 */
export async function removeClusterObjects(docker: Docker, clusterId: string): Promise<RemovedObjects> {
  const label = [`${LABEL_CLUSTER}=${clusterId}`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(gone)));
  const vols = (await docker.listVolumes({ filters: { label } })).Volumes ?? [];
  await Promise.all(vols.map((v) => docker.getVolume(v.Name).remove().catch(gone)));
  const nets = await docker.listNetworks({ filters: { label } });
  const names = new Set([...nets.map((n) => n.Name), clusterNetworkName(clusterId)]);
  for (const n of names) await removeClusterNetwork(docker, n);
  return { containers: containers.length, volumes: vols.length, networks: nets.length };
}

function gone(err: unknown): void {
  const code = (err as { statusCode?: number }).statusCode;
  // 404: already gone; 409: removal already in progress.
  if (code !== 404 && code !== 409) throw err;
}
