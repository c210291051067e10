/**
 * `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` of the fields that
 * carry them in Kubernetes' published OpenAPI (the `+listType` / `+listMapKey`
 * markers of k8s.io/api), keyed `Type.field`. Only markers we are sure of are
 * listed; a list not here is published without a list type (atomic to
 * structured merge), as for an unmarked Go field.
 */
export const LIST_TYPES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'ObjectMeta.finalizers': { 'x-kubernetes-list-type': 'set' },
  'ObjectMeta.ownerReferences': { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'] },
  'ObjectMeta.managedFields': { 'x-kubernetes-list-type': 'atomic' },
  'LabelSelector.matchExpressions': { 'x-kubernetes-list-type': 'atomic' },
  'LabelSelectorRequirement.values': { 'x-kubernetes-list-type': 'atomic' },
  'Container.ports': { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] },
  'ServiceSpec.ports': { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
  'ServiceSpec.clusterIPs': { 'x-kubernetes-list-type': 'atomic' },
  'ServiceSpec.ipFamilies': { 'x-kubernetes-list-type': 'atomic' },
  'PodStatus.podIPs': { 'x-kubernetes-list-type': 'atomic' },
  'PodStatus.hostIPs': { 'x-kubernetes-list-type': 'atomic' },
  'NodeSpec.podCIDRs': { 'x-kubernetes-list-type': 'set' },
  'EndpointSlice.endpoints': { 'x-kubernetes-list-type': 'atomic' },
  'EndpointSlice.ports': { 'x-kubernetes-list-type': 'atomic' },
  'Endpoint.addresses': { 'x-kubernetes-list-type': 'set' },
  'EndpointHints.forZones': { 'x-kubernetes-list-type': 'atomic' },
};
