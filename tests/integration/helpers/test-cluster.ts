/** Starts a Kubedeck cluster in-process for integration tests, with its own data dir and an ephemeral port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster, type ClusterOptions } from '../../../src/main/cluster/cluster';
import { clusterIdFor } from '../../../src/main/cluster/identity';
import { removeClusterObjects } from '../../../src/main/docker/cluster-objects';
import { connectDocker } from '../../../src/main/docker/endpoint';
import { Kubectl, requireTool } from './tools';

export interface TestCluster {
  cluster: Cluster;
  kubectl: Kubectl;
  dataDir: string;
  stop(): Promise<void>;
}

/** startTestCluster starts a control-plane cluster (components as given) and a kubectl bound to it. */
export async function startTestCluster(opts: Partial<ClusterOptions> = {}): Promise<TestCluster> {
  await requireTool('kubectl');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kubedeck-test-'));
  const cluster = await startCluster({ port: 0, ...opts, dataDir });
  const kubectl = new Kubectl(cluster.kubeconfigPath);
  return {
    cluster,
    kubectl,
    dataDir,
    async stop() {
      await cluster.stop();
      await removeDockerObjects(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(kubectl.cacheDir, { recursive: true, force: true });
    },
  };
}

/** removeDockerObjects removes what the cluster of dataDir left on the engine (pods, proxies, volumes, its network); nothing without Docker. */
export async function removeDockerObjects(dataDir: string): Promise<void> {
  let docker;
  try {
    ({ docker } = await connectDocker());
  } catch {
    return; // a control-plane-only test on a machine without Docker created nothing there
  }
  await removeClusterObjects(docker, clusterIdFor(dataDir));
}
