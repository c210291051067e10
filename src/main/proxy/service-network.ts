/**
 * The Service address range, read from the Docker network the cluster's pods
 * and proxies share. The API server must allocate ClusterIPs from it (pass it
 * as startCluster's `serviceCIDR`): Docker can give a proxy container a
 * static address only inside the network's subnet, and the cluster network
 * keeps its upper half free of pod addresses for exactly that.
 */
import type Docker from 'dockerode';
import { clusterNetworkName, DEFAULT_CLUSTER_ID } from '../cluster/identity';
import { connectDocker } from '../docker/endpoint';
import { ensureClusterNetwork } from '../docker/network';

/** clusterServiceCIDR ensures the cluster's network exists and returns its Service range (e.g. 10.244.8.0/21). */
export async function clusterServiceCIDR(docker?: Docker, clusterId = DEFAULT_CLUSTER_ID): Promise<string> {
  const d = docker ?? (await connectDocker()).docker;
  return (await ensureClusterNetwork(d, clusterNetworkName(clusterId), clusterId)).serviceRange;
}
