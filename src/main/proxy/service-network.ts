/**
 * The Service address range, read from the Docker network the pods and the
 * proxies share. The API server must allocate ClusterIPs from it (pass it as
 * startCluster's `serviceCIDR`): Docker can give a proxy container a static
 * address only inside the network's subnet, and the `kubedeck` network keeps
 * its upper half free of pod addresses for exactly that.
 */
import type Docker from 'dockerode';
import { connectDocker } from '../kubelet/runtime/docker/endpoint';
import { CLUSTER_NETWORK, ensureClusterNetwork } from '../kubelet/runtime/docker/network';

/** clusterServiceCIDR ensures the cluster network exists and returns its Service range (e.g. 10.244.128.0/17). */
export async function clusterServiceCIDR(docker?: Docker, network = CLUSTER_NETWORK): Promise<string> {
  const d = docker ?? (await connectDocker()).docker;
  return (await ensureClusterNetwork(d, network)).serviceRange;
}
