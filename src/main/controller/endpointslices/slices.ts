/**
 * What the EndpointSlices of one Service should hold, as Kubernetes'
 * endpointslice reconciler decides it (pkg/controller/endpointslice,
 * staging/src/k8s.io/endpointslice): one Endpoint per pod the Service selects
 * (terminating ones included, with their conditions), grouped by the port
 * set its pods resolve to, at most maxPerSlice per slice. Existing slices are
 * changed as little as possible: endpoints stay in the slice they are in, new
 * ones fill slices with room before new slices are made, emptied slices go.
 * A Service without endpoints keeps one empty placeholder slice. Pure: the
 * controller (endpointslice-controller.ts) writes the plan.
 */
import { isIP } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { Pod, Service } from '../../../shared/api/core';
import {
  ENDPOINTSLICE_CONTROLLER,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  type AddressType,
  type Endpoint,
  type EndpointSlice,
  type EndpointSlicePort,
} from '../../../shared/api/discovery';
import type { OwnerReference } from '../../../shared/api/meta';
import { isPodReady } from '../common/pod-util';
import { resolveTargetPort } from '../endpoints/endpoints-controller';

/** HEADLESS_LABEL marks the slices of a Service without a cluster IP. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** SlicePlan is what to write: new slices (generateName), changed ones, and ones to delete. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** addressTypeOf is the Service's first IP family (IPv4 unless it asks for IPv6 first). */
export function addressTypeOf(svc: Readonly<Service>): AddressType {
  const families = (svc.spec as { ipFamilies?: string[] } | undefined)?.ipFamilies;
  return families?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
}

/** shouldPodBeInSlices is ShouldPodBeInEndpoints with terminating pods included: an IP and not finished. */
export function shouldPodBeInSlices(pod: Readonly<Pod>): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  return Boolean(pod.status?.podIP || pod.status?.podIPs?.length);
}

/** podAddresses are the pod's IPs of the slice's family. */
function podAddresses(pod: Readonly<Pod>, type: AddressType): string[] {
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : pod.status?.podIP ? [pod.status.podIP] : [];
  const family = type === 'IPv6' ? 6 : 4;
  return ips.filter((ip) => isIP(ip) === family).slice(0, 1);
}

/**
 * podEndpoint is podToEndpoint: serving follows readiness, ready is serving
 * and not terminating (both true under publishNotReadyAddresses).
 */
export function podEndpoint(pod: Readonly<Pod>, svc: Readonly<Service>, addresses: string[]): Endpoint {
  const publishNotReady = (svc.spec as { publishNotReadyAddresses?: boolean } | undefined)?.publishNotReadyAddresses === true;
  const serving = publishNotReady || isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const ep: Endpoint = { addresses, conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating } };
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
  // Only fields with a value: the stored form has no undefined ones, and converged slices must compare equal.
  ep.targetRef = { kind: 'Pod' };
  if (pod.metadata.namespace) ep.targetRef.namespace = pod.metadata.namespace;
  if (pod.metadata.name) ep.targetRef.name = pod.metadata.name;
  if (pod.metadata.uid) ep.targetRef.uid = pod.metadata.uid;
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  return ep;
}

/** podPorts resolves every service port on the pod (as the Endpoints controller does); ports a pod lacks are left out. */
export function podPorts(pod: Readonly<Pod>, svc: Readonly<Service>): EndpointSlicePort[] {
  const out: EndpointSlicePort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = resolveTargetPort(sp, pod);
    if (port === undefined) continue;
    const p: EndpointSlicePort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
    const appProtocol = (sp as { appProtocol?: string }).appProtocol;
    if (appProtocol) p.appProtocol = appProtocol;
    out.push(p);
  }
  return out;
}

/** portsKey identifies a port set whatever its order and defaults. */
function portsKey(ports: readonly EndpointSlicePort[] | undefined): string {
  const norm = (ports ?? []).map((p) => [p.name ?? '', p.protocol ?? 'TCP', p.port ?? null, p.appProtocol ?? null]);
  return JSON.stringify(norm.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}

/** endpointKey identifies an endpoint across writes: its pod's uid, else its first address. */
function endpointKey(e: Readonly<Endpoint>): string {
  return e.targetRef?.uid ? `uid:${e.targetRef.uid}` : `ip:${e.addresses?.[0] ?? ''}`;
}

const byAddress = (a: Endpoint, b: Endpoint) => (a.addresses[0] ?? '').localeCompare(b.addresses[0] ?? '', 'en', { numeric: true }) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');

/** sliceLabels are the Service's labels plus the service-name, managed-by and (headless) labels. */
export function sliceLabels(svc: Readonly<Service>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER;
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  return labels;
}

/** ownerRef is the Service as the slices' controller. */
export function ownerRef(svc: Readonly<Service>): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** ownedBy reports whether the slice's controller reference is this Service (a recreated Service has another uid). */
export function ownedBy(slice: Readonly<EndpointSlice>, svc: Readonly<Service>): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Service' && r.uid === svc.metadata.uid);
}

interface Group {
  ports: EndpointSlicePort[];
  /** Endpoints not placed yet, by key. */
  pending: Map<string, Endpoint>;
}

interface Kept {
  slice: Readonly<EndpointSlice>;
  key: string;
  endpoints: Endpoint[];
}

/** desiredGroups builds the endpoints the Service should have, by port set. */
function desiredGroups(svc: Readonly<Service>, pods: readonly Readonly<Pod>[], type: AddressType): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (!shouldPodBeInSlices(pod)) continue;
    const addresses = podAddresses(pod, type);
    if (!addresses.length) continue;
    const ports = podPorts(pod, svc);
    const k = portsKey(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, pending: new Map() }));
    const ep = podEndpoint(pod, svc, addresses);
    g.pending.set(endpointKey(ep), ep);
  }
  return groups;
}

/** newSlice is a slice for svc to be created under generateName `<svc>-`. */
function newSlice(svc: Readonly<Service>, type: AddressType, ports: EndpointSlicePort[] | undefined, endpoints: Endpoint[]): EndpointSlice {
  const s: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { generateName: `${svc.metadata.name}-`, namespace: svc.metadata.namespace, labels: sliceLabels(svc), ownerReferences: [ownerRef(svc)] },
    addressType: type,
    endpoints,
  };
  if (ports?.length) s.ports = ports;
  return s;
}

/** withContent returns slice changed to hold endpoints (and ports, labels, owner), or undefined when nothing changes. */
function withContent(slice: Readonly<EndpointSlice>, svc: Readonly<Service>, ports: EndpointSlicePort[] | undefined, endpoints: Endpoint[]): EndpointSlice | undefined {
  const labels = sliceLabels(svc);
  const hasOwner = (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.controller);
  const samePorts = portsKey(slice.ports) === portsKey(ports) && (slice.ports?.length ?? 0) === (ports?.length ?? 0);
  if (samePorts && hasOwner && isDeepStrictEqual(slice.endpoints ?? [], endpoints) && isDeepStrictEqual(slice.metadata.labels ?? {}, labels)) return undefined;
  const next = structuredClone(slice) as EndpointSlice;
  next.metadata.labels = labels;
  if (!hasOwner) next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []).filter((r) => !r.controller), ownerRef(svc)];
  next.endpoints = endpoints;
  if (!samePorts) {
    if (ports?.length) next.ports = ports;
    else delete next.ports;
  }
  return next;
}

/**
 * planSlices compares the Service's managed slices (existing: those labelled
 * with its name and managed by the controller) with what its pods call for.
 */
export function planSlices(svc: Readonly<Service>, pods: readonly Readonly<Pod>[], existing: readonly Readonly<EndpointSlice>[], maxPerSlice: number): SlicePlan {
  const type = addressTypeOf(svc);
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const groups = desiredGroups(svc, pods, type);
  const kept: Kept[] = [];
  const sorted = [...existing].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const slice of sorted) {
    const key = portsKey(slice.ports);
    const g = groups.get(key);
    if (!ownedBy(slice, svc) || slice.addressType !== type || !g) {
      plan.delete.push(slice);
      continue;
    }
    // Endpoints still wanted stay where they are (updated); an endpoint found in two slices stays in the first.
    const endpoints: Endpoint[] = [];
    for (const e of slice.endpoints ?? []) {
      const want = g.pending.get(endpointKey(e));
      if (!want || endpoints.length >= maxPerSlice) continue;
      g.pending.delete(endpointKey(e));
      endpoints.push(want);
    }
    kept.push({ slice, key, endpoints });
  }
  // New endpoints fill kept slices of their port set, then new slices.
  for (const [key, g] of groups) {
    const rest = [...g.pending.values()].sort(byAddress);
    for (const k of kept) {
      if (k.key !== key) continue;
      while (rest.length && k.endpoints.length < maxPerSlice) k.endpoints.push(rest.shift()!);
    }
    for (let i = 0; i < rest.length; i += maxPerSlice) plan.create.push(newSlice(svc, type, g.ports, rest.slice(i, i + maxPerSlice)));
  }
  const total = plan.create.length + kept.filter((k) => k.endpoints.length > 0).length;
  for (const k of kept) {
    if (k.endpoints.length === 0) {
      plan.delete.push(k.slice);
      continue;
    }
    const next = withContent(k.slice, svc, groups.get(k.key)!.ports, k.endpoints);
    if (next) plan.update.push(next);
  }
  if (total === 0) {
    // No endpoints at all: one empty placeholder slice (reused when one exists).
    const reuse = plan.delete.find((s) => ownedBy(s, svc) && s.addressType === type);
    if (!reuse) plan.create.push(newSlice(svc, type, undefined, []));
    else {
      plan.delete = plan.delete.filter((s) => s !== reuse);
      const next = withContent(reuse, svc, undefined, []);
      if (next) plan.update.push(next);
    }
  }
  return plan;
}
