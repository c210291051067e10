/**
 * Reset: a cluster forgets everything. Its Docker objects (pod and proxy
 * containers, emptyDir volumes, its network: whatever carries its cluster id)
 * are removed, then its state (store, certificates, kubeconfig, kubelet
 * files, and its keys when the store is etcd). Other clusters on the engine
 * or the etcd are not touched. The data dir's config.yaml (written by the
 * user) and the lock stay.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteEtcdKeySpace } from '../storage';
import { removeClusterObjects } from '../docker/cluster-objects';
import { connectDocker } from '../docker/endpoint';
import { acquireDataDirLock, LOCK_FILE, type DataDirLock } from './data-dir-lock';
import { clusterIdFor } from './identity';
import { describeStore, etcdOptions, type StoreChoice } from './store-choice';

/** Files a reset keeps: the user's cluster configuration and the lock of the process resetting. */
const KEPT = new Set(['config.yaml', LOCK_FILE]);

/**
 * resetClusterData removes the data dir's cluster from the Docker engine and
 * deletes its state. It runs under the data dir's lock: the caller's, or one
 * it takes (and releases) itself, so a running cluster is never reset under it.
 * With an etcd store (store), its keys under the cluster's prefix go too.
 */
export async function resetClusterData(dataDir: string, log: (msg: string) => void = () => {}, held?: DataDirLock, store?: StoreChoice): Promise<void> {
  const lock = held ?? acquireDataDirLock(dataDir);
  try {
    const clusterId = clusterIdFor(dataDir);
    let docker;
    try {
      ({ docker } = await connectDocker());
    } catch (err) {
      log(`reset: Docker did not answer (${(err as Error).message}); containers labelled kubedeck.cluster=${clusterId} remain on that engine`);
    }
    if (docker) {
      const r = await removeClusterObjects(docker, clusterId);
      log(`reset: removed cluster ${clusterId}'s ${r.containers} container(s), ${r.volumes} volume(s) and its network`);
    }
    if (store?.kind === 'etcd') {
      const deleted = await deleteEtcdKeySpace(etcdOptions(store, clusterId));
      log(`reset: deleted ${deleted} key(s) of ${describeStore(store, dataDir, clusterId)}`);
    }
    let entries: string[] = [];
    try {
      entries = await readdir(dataDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    await Promise.all(entries.filter((e) => !KEPT.has(e)).map((e) => rm(join(dataDir, e), { recursive: true, force: true })));
  } finally {
    if (!held) lock.release();
  }
}
