/** discovery.k8s.io/v1 EndpointSlice, and the labels the EndpointSlice controller puts on the slices it manages. */
import type { ObjectReference } from './core';
import type { KubeObject } from './meta';

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

/** EndpointConditions are an endpoint's readiness (Kubernetes: ready = serving and not terminating). */
export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

/** Endpoint is one backend of a slice: 1..100 addresses of the slice's addressType. */
export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
  hints?: { forZones?: { name: string }[]; forNodes?: { name: string }[] };
  deprecatedTopology?: Record<string, string>;
}

/** EndpointSlicePort is a port every endpoint of the slice exposes (name "" and protocol TCP by default). */
export interface EndpointSlicePort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType: AddressType;
  endpoints: Endpoint[];
  ports?: EndpointSlicePort[];
}

/** SERVICE_NAME_LABEL names the Service a slice belongs to (kubernetes.io/service-name). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** MANAGED_BY_LABEL names the controller that keeps a slice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** ENDPOINTSLICE_CONTROLLER is the managed-by value of the slices Kubernetes' (and Kubedeck's) controller keeps. */
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
/** MAX_ENDPOINTS_PER_SLICE is the controller's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
