/**
 * Where a pod's ports are published on its node's own address: a pod on a
 * remote engine carries `kubedeck.io/published-ports: {"80/TCP":"10.0.0.5:32771"}`,
 * written by its kubelet before its containers start. The Service proxies on
 * the local engine forward to these, since they cannot reach that engine's
 * pod IPs. Pods on nodes that publish on 127.0.0.1 have no such annotation.
 */
export const PUBLISHED_PORTS_ANNOTATION = 'kubedeck.io/published-ports';

/** publishedPortsValue is the annotation's value (keys sorted, so equal mappings compare equal; unpublished ports left out). */
export function publishedPortsValue(ports: readonly { containerPort: number; protocol: string; hostIP: string; hostPort: number }[]): string {
  const m: Record<string, string> = {};
  for (const p of [...ports].sort((a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol))) {
    if (p.hostPort) m[`${p.containerPort}/${p.protocol.toUpperCase()}`] ??= `${p.hostIP}:${p.hostPort}`;
  }
  return JSON.stringify(m);
}

/**
 * publishedAddress reads where containerPort/protocol of a pod is published:
 * undefined when the pod has no annotation (its IP is reachable as is), null
 * when it has one without this port (not reachable from other engines).
 */
export function publishedAddress(annotations: Readonly<Record<string, string>> | undefined, containerPort: number, protocol = 'TCP'): { ip: string; port: number } | null | undefined {
  const raw = annotations?.[PUBLISHED_PORTS_ANNOTATION];
  if (raw === undefined) return undefined;
  let m: Record<string, string>;
  try {
    m = JSON.parse(raw) as Record<string, string>;
  } catch {
    return null;
  }
  const v = m[`${containerPort}/${protocol.toUpperCase()}`];
  const match = v ? /^(.*):(\d+)$/.exec(v) : null;
  return match ? { ip: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) } : null;
}
