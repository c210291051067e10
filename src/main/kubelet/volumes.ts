/**
 * Pod volumes on the node: emptyDir = a Docker named volume, hostPath = a bind,
 * configMap/secret = files the kubelet writes under its data dir
 * (<dataDir>/pods/<uid>/volumes/<kind>/<name>) and binds read-only.
 * Projected files are rewritten on every sync, so updates reach running pods.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Container, Pod, Volume } from '../../shared/api/core';
import { ConfigError, type EnvLookups } from './env';
import { emptyDirVolumeName } from './naming';
import type { Labels, Mount, Runtime } from './runtime/types';

export interface PreparedVolume {
  volume?: string;
  hostPath?: string;
  readOnly: boolean;
}

/** podDir is the kubelet's per-pod directory. */
export function podDir(dataDir: string, uid: string): string {
  return join(dataDir, 'pods', uid);
}

function writeProjected(dir: string, files: Record<string, Buffer>, items: { key: string; path: string; mode?: number }[] | undefined, mode: number | undefined): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entries = items?.length ? items.filter((i) => i.key in files).map((i) => ({ key: i.key, path: i.path, mode: i.mode ?? mode })) : Object.keys(files).map((k) => ({ key: k, path: k, mode }));
  for (const e of entries) {
    if (e.path.split('/').includes('..')) throw new ConfigError(`invalid projected path ${e.path}`);
    const target = join(dir, e.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, files[e.key] as Buffer, { mode: e.mode ?? 0o644 });
  }
}

/** prepareVolumes materialises every volume of the pod; throws ConfigError when a required source is missing. */
export async function prepareVolumes(pod: Pod, rt: Runtime, dataDir: string, lookups: EnvLookups, labels: Labels): Promise<Map<string, PreparedVolume>> {
  const uid = pod.metadata.uid as string;
  const ns = pod.metadata.namespace ?? 'default';
  const out = new Map<string, PreparedVolume>();
  for (const v of pod.spec.volumes ?? []) out.set(v.name, await prepareVolume(v, uid, ns, rt, dataDir, lookups, labels));
  return out;
}

async function prepareVolume(v: Volume, uid: string, ns: string, rt: Runtime, dataDir: string, lookups: EnvLookups, labels: Labels): Promise<PreparedVolume> {
  if (v.hostPath) {
    const t = v.hostPath.type ?? '';
    if ((t === '' || t === 'DirectoryOrCreate') && !existsSync(v.hostPath.path)) mkdirSync(v.hostPath.path, { recursive: true });
    return { hostPath: v.hostPath.path, readOnly: false };
  }
  if (v.configMap) {
    const cm = await lookups.configMap(ns, v.configMap.name);
    if (!cm && !v.configMap.optional) throw new ConfigError(`configmap "${v.configMap.name}" not found`);
    const files: Record<string, Buffer> = {};
    for (const [k, s] of Object.entries(cm?.data ?? {})) files[k] = Buffer.from(s, 'utf8');
    for (const [k, s] of Object.entries(cm?.binaryData ?? {})) files[k] = Buffer.from(s, 'base64');
    const dir = join(podDir(dataDir, uid), 'volumes', 'configmap', v.name);
    writeProjected(dir, files, v.configMap.items, v.configMap.defaultMode);
    return { hostPath: dir, readOnly: true };
  }
  if (v.secret) {
    const s = await lookups.secret(ns, v.secret.secretName);
    if (!s && !v.secret.optional) throw new ConfigError(`secret "${v.secret.secretName}" not found`);
    const files: Record<string, Buffer> = {};
    for (const [k, b] of Object.entries(s?.data ?? {})) files[k] = Buffer.from(b, 'base64');
    for (const [k, t] of Object.entries(s?.stringData ?? {})) files[k] = Buffer.from(t, 'utf8');
    const dir = join(podDir(dataDir, uid), 'volumes', 'secret', v.name);
    writeProjected(dir, files, v.secret.items, v.secret.defaultMode ?? 0o644);
    return { hostPath: dir, readOnly: true };
  }
  if (v.persistentVolumeClaim) return { ...(await claimVolume(v.persistentVolumeClaim.claimName, ns, rt, lookups)), readOnly: !!v.persistentVolumeClaim.readOnly };
  // emptyDir, and the default for volume kinds Kubedeck does not model.
  const name = emptyDirVolumeName(uid, v.name);
  await rt.ensureVolume(name, labels);
  return { volume: name, readOnly: false };
}

/** LABEL_PV names the PersistentVolume a Docker volume backs (kept when pods go; removed on reclaim or cluster reset). */
export const LABEL_PV = 'kubedeck.pv';

/**
 * claimVolume resolves a claim to its bound volume and makes sure the Docker
 * volume behind it exists (labelled with the PV, not the pod, so it outlives
 * the pod). A claim not bound yet is a ConfigError: the container waits and
 * the sync is retried.
 */
async function claimVolume(claimName: string, ns: string, rt: Runtime, lookups: EnvLookups): Promise<{ volume: string } | { hostPath: string }> {
  const claim = await lookups.claim?.(ns, claimName);
  if (!claim) throw new ConfigError(`persistentvolumeclaim "${claimName}" not found`);
  const pvName = claim.spec.volumeName;
  if (!pvName || claim.status?.phase !== 'Bound') throw new ConfigError(`persistentvolumeclaim "${claimName}" is not bound`);
  const pv = await lookups.volume?.(pvName);
  if (!pv) throw new ConfigError(`persistentvolume "${pvName}" not found`);
  // Statically provisioned hostPath/local volumes are binds of the node's (the engine host's) directory.
  const path = pv.spec.hostPath?.path ?? pv.spec.local?.path;
  if (path) return { hostPath: path };
  const handle = pv.spec.csi?.volumeHandle;
  if (!handle) throw new ConfigError(`persistentvolume "${pvName}" has no volume handle`);
  await rt.ensureVolume(handle, { [LABEL_PV]: pvName });
  return { volume: handle };
}

/** containerMounts maps a container's volumeMounts onto prepared volumes. */
export function containerMounts(c: Container, volumes: Map<string, PreparedVolume>): Mount[] {
  const mounts: Mount[] = [];
  for (const vm of c.volumeMounts ?? []) {
    const v = volumes.get(vm.name);
    if (!v) throw new ConfigError(`volume "${vm.name}" referenced by container "${c.name}" is not declared in the pod`);
    const readOnly = v.readOnly || !!vm.readOnly;
    if (v.hostPath) {
      // subPath on a directory source is a bind of the sub-directory/file.
      const src = vm.subPath ? join(v.hostPath, posix.normalize(vm.subPath)) : v.hostPath;
      mounts.push({ hostPath: src, containerPath: vm.mountPath, readOnly });
    } else {
      // Docker 20.10 volumes have no subpath option; the whole volume is mounted.
      mounts.push({ volume: v.volume as string, containerPath: vm.mountPath, readOnly });
    }
  }
  return mounts;
}
