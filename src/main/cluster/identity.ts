/**
 * A cluster's identity on a shared container engine. Several clusters (the
 * app, `serve`, test clusters) may use one Docker engine; every object a
 * cluster creates there carries its id, and a cluster lists, adopts and
 * removes only objects with its own id. The id is derived from the data dir
 * (its canonical path), so it is stable across restarts (adoption) and
 * distinct for two data dirs.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** LABEL_CLUSTER carries the cluster id on every container, volume and network a cluster creates. */
export const LABEL_CLUSTER = 'kubedeck.cluster';
/** DEFAULT_CLUSTER_ID is the id of runtimes and proxies built without one (unit and runtime tests). */
export const DEFAULT_CLUSTER_ID = 'default';

/** canonicalPath resolves symlinks in the longest existing prefix of p (the data dir may not exist yet). */
function canonicalPath(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(canonicalPath(parent), basename(abs));
  }
}

/** clusterIdFor returns the cluster id of a data dir: 12 hex digits of the SHA-256 of its canonical path. */
export function clusterIdFor(dataDir: string): string {
  return createHash('sha256').update(canonicalPath(dataDir)).digest('hex').slice(0, 12);
}

/** clusterNetworkName is the Docker network of a cluster: `kubedeck-<id>`. */
export function clusterNetworkName(clusterId: string): string {
  return `kubedeck-${clusterId}`;
}
