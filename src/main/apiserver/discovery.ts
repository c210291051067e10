/**
 * Discovery documents, legacy (APIVersions, APIGroupList, APIResourceList)
 * and aggregated (apidiscovery.k8s.io/v2), all derived from the RESOURCES table.
 */
import { DISCOVERY_RESOURCES as RESOURCES, apiVersionOf, type ResourceInfo } from '../../shared/api/resources';

/** AGGREGATED_CONTENT_TYPE is the media type of aggregated discovery answers. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** wantsAggregated reports whether an Accept header asks for aggregated discovery (v2 or v2beta1). */
export function wantsAggregated(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    if (!part.includes('as=APIGroupDiscoveryList') || !part.includes('g=apidiscovery.k8s.io')) continue;
    if (/v=v2(;|$|\s)/.test(part) || part.trim().endsWith('v=v2')) return 'v2';
    if (part.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

interface GroupVersion {
  group: string;
  version: string;
}

function groupVersions(): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const r of RESOURCES) seen.set(apiVersionOf(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

/** legacyAPIVersions answers GET /api. */
export function legacyAPIVersions(): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

function apiGroup(group: string): object {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map((gv) => ({ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions, preferredVersion: versions[0] };
}

/** apiGroupList answers GET /apis. */
export function apiGroupList(): object {
  const groups = [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

/** apiGroupDoc answers GET /apis/<group>, or undefined if not served. */
export function apiGroupDoc(group: string): object | undefined {
  return RESOURCES.some((r) => r.group === group) ? apiGroup(group) : undefined;
}

/** apiResourceList answers GET /api/v1 or /apis/<g>/<v>, or undefined if not served. */
export function apiResourceList(group: string, version: string): object | undefined {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of rs) {
    resources.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const s of r.subresources) {
      resources.push({
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s.responseKind.group ? { group: s.responseKind.group } : {}),
        ...(s.responseKind.group ? { version: s.responseKind.version } : {}),
        kind: s.responseKind.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}

function aggregatedResource(r: ResourceInfo): object {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories.length ? { categories: r.categories } : {}),
    ...(r.subresources.length
      ? { subresources: r.subresources.map((s) => ({ subresource: s.name, responseKind: s.responseKind, verbs: s.verbs })) }
      : {}),
  };
}

/**
 * aggregatedDiscovery answers GET /api (legacy=true: the core group, named "")
 * or GET /apis (every named group) in the aggregated form.
 */
export function aggregatedDiscovery(legacy: boolean, version: 'v2' | 'v2beta1'): object {
  const groups = new Map<string, Map<string, ResourceInfo[]>>();
  for (const r of RESOURCES) {
    if ((r.group === '') !== legacy) continue;
    const byVersion = groups.get(r.group) ?? new Map<string, ResourceInfo[]>();
    groups.set(r.group, byVersion);
    byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r]);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: [...groups.entries()].map(([group, versions]) => ({
      metadata: { name: group },
      versions: [...versions.entries()].map(([v, rs]) => ({
        version: v,
        freshness: 'Current',
        resources: rs.map(aggregatedResource),
      })),
    })),
  };
}
