/**
 * Container environment: literal values and valueFrom (configMapKeyRef,
 * secretKeyRef, fieldRef), with Kubernetes' $(VAR) expansion over variables
 * defined earlier in the list. Lookups go through the API (passed in).
 */
import type { ConfigMap, Container, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from '../../shared/api/core';

export interface EnvLookups {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** claim and volume find a persistentVolumeClaim volume's PV (absent: such volumes are refused). */
  claim?(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  volume?(name: string): Promise<PersistentVolume | undefined>;
}

/** ConfigError means the pod's spec references something missing (CreateContainerConfigError). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** expandVars replaces $(NAME) with known values; $$(NAME) is an escaped literal $(NAME); unknown references stay as written. */
export function expandVars(s: string, vars: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && vars.has(name) ? (vars.get(name) as string) : m;
  });
}

/** fieldPathValue resolves a downward-API fieldRef against the pod. */
export function fieldPathValue(pod: Pod, path: string, podIP: string | undefined, hostIP: string | undefined): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) {
    const bag = m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return bag?.[m[2] as string] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? 'default';
    case 'status.podIP':
    case 'status.podIPs':
      return podIP ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return hostIP ?? '';
    default:
      throw new ConfigError(`unsupported fieldRef fieldPath ${JSON.stringify(path)}`);
  }
}

/** resolveEnv computes a container's environment, in declaration order. */
export async function resolveEnv(pod: Pod, c: Container, lookups: EnvLookups, podIP?: string, hostIP?: string): Promise<{ name: string; value: string }[]> {
  const ns = pod.metadata.namespace ?? 'default';
  const vars = new Map<string, string>();
  const out: { name: string; value: string }[] = [];
  for (const e of c.env ?? []) {
    let value: string | undefined;
    if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = await lookups.configMap(ns, ref.name);
      if (!cm) {
        if (ref.optional) continue;
        throw new ConfigError(`configmap "${ref.name}" not found`);
      }
      value = cm.data?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
      }
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const s = await lookups.secret(ns, ref.name);
      if (!s) {
        if (ref.optional) continue;
        throw new ConfigError(`secret "${ref.name}" not found`);
      }
      const b64 = s.data?.[ref.key];
      value = b64 !== undefined ? Buffer.from(b64, 'base64').toString('utf8') : s.stringData?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
      }
    } else if (e.valueFrom?.fieldRef) {
      value = fieldPathValue(pod, e.valueFrom.fieldRef.fieldPath, podIP, hostIP);
    } else {
      value = expandVars(e.value ?? '', vars);
    }
    vars.set(e.name, value);
    out.push({ name: e.name, value });
  }
  return out;
}
