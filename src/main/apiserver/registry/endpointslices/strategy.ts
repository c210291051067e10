/**
 * EndpointSlices (pkg/registry/discovery/endpointslice): written by the
 * EndpointSlice controller (src/main/controller/endpointslice) for Services
 * with a selector, or by users for their own. Validation follows
 * pkg/apis/discovery/validation's main rules: addressType IPv4, IPv6 or FQDN
 * (immutable), at most 1000 endpoints of 1..100 addresses of that type, at
 * most 100 ports with unique DNS-label names. Generation moves with any
 * change outside metadata, as Kubernetes' strategy bumps it.
 */
import { isIP } from 'node:net';
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../../../../shared/api/discovery';
import type { KubeObject } from '../../../../shared/api/meta';
import { duplicate, invalidValue, notSupported, required, tooMany, type FieldError } from '../../status';
import { endpointSlicePrinter } from '../../table/discovery';
import { list, topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { DNS1123_LABEL_MSG, DNS1123_SUBDOMAIN_MSG, dns1123Subdomain, isDns1123Label, isDns1123Subdomain, validateImmutable, validatePortNumber } from '../validation';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;

const OBJECT_REFERENCE = { kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string', fieldPath: 'string' } as const;

/** validateAddress checks one address against the slice's type. */
function validateAddress(addressType: unknown, address: unknown, field: string): FieldError[] {
  if (typeof address !== 'string') return [invalidValue(field, address, 'must be a string')];
  switch (addressType) {
    case 'IPv4':
      return isIP(address) === 4 ? [] : [invalidValue(field, address, 'must be a valid IPv4 address')];
    case 'IPv6':
      return isIP(address) === 6 ? [] : [invalidValue(field, address, 'must be a valid IPv6 address')];
    case 'FQDN':
      return isDns1123Subdomain(address) ? [] : [invalidValue(field, address, DNS1123_SUBDOMAIN_MSG)];
    default:
      return []; // addressType itself is reported
  }
}

function validateEndpoint(addressType: unknown, e: Endpoint, field: string): FieldError[] {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return [invalidValue(field, e, 'must be an object')];
  const errs: FieldError[] = [];
  const addresses: unknown = e.addresses;
  if (!Array.isArray(addresses) || addresses.length === 0) errs.push(required(`${field}.addresses`, 'must contain at least 1 address'));
  else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(`${field}.addresses`, addresses.length, MAX_ADDRESSES));
  else addresses.forEach((a, i) => errs.push(...validateAddress(addressType, a, `${field}.addresses[${i}]`)));
  if (e.nodeName !== undefined && (typeof e.nodeName !== 'string' || !isDns1123Subdomain(e.nodeName))) errs.push(invalidValue(`${field}.nodeName`, e.nodeName, DNS1123_SUBDOMAIN_MSG));
  if (e.hostname !== undefined && (typeof e.hostname !== 'string' || !isDns1123Label(e.hostname))) errs.push(invalidValue(`${field}.hostname`, e.hostname, DNS1123_LABEL_MSG));
  return errs;
}

function validatePorts(ports: unknown): FieldError[] {
  if (ports === undefined || ports === null) return [];
  if (!Array.isArray(ports)) return [invalidValue('ports', ports, 'must be a list')];
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports as EndpointSlicePort[]).forEach((p, i) => {
    const f = `ports[${i}]`;
    if (!p || typeof p !== 'object') {
      errs.push(invalidValue(f, p, 'must be an object'));
      return;
    }
    const name = p.name ?? '';
    if (name !== '' && (typeof name !== 'string' || !isDns1123Label(name))) errs.push(invalidValue(`${f}.name`, name, DNS1123_LABEL_MSG));
    if (names.has(name)) errs.push(duplicate(`${f}.name`, name));
    names.add(name);
    if (p.protocol === undefined || p.protocol === '') errs.push(required(`${f}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
    if (p.port !== undefined && p.port !== null) errs.push(...validatePortNumber(p.port, `${f}.port`));
  });
  return errs;
}

/** validateEndpointSlice is ValidateEndpointSlice's main rules (metadata is checked generically). */
export function validateEndpointSlice(s: EndpointSlice): FieldError[] {
  const errs: FieldError[] = [];
  const addressType: unknown = s.addressType;
  if (addressType === undefined || addressType === '') errs.push(required('addressType'));
  else if (typeof addressType !== 'string' || !ADDRESS_TYPES.includes(addressType)) errs.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints: unknown = s.endpoints;
  if (endpoints !== undefined && endpoints !== null) {
    if (!Array.isArray(endpoints)) errs.push(invalidValue('endpoints', endpoints, 'must be a list'));
    else if (endpoints.length > MAX_ENDPOINTS) errs.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
    else (endpoints as Endpoint[]).forEach((e, i) => errs.push(...validateEndpoint(addressType, e, `endpoints[${i}]`)));
  }
  errs.push(...validatePorts(s.ports));
  return errs;
}

/** endpointSliceStrategy declares endpointslices. */
export const endpointSliceStrategy: Strategy = {
  schema: topLevel({
    addressType: 'string',
    endpoints: list({
      addresses: 'strings',
      conditions: { ready: 'bool', serving: 'bool', terminating: 'bool' },
      hostname: 'string',
      targetRef: OBJECT_REFERENCE,
      nodeName: 'string',
      zone: 'string',
      hints: { forZones: list({ name: 'string' }), forNodes: list({ name: 'string' }) },
      deprecatedTopology: 'map',
    }),
    ports: list({ name: 'string', protocol: 'string', port: 'int', appProtocol: 'string' }),
  }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const s = obj as EndpointSlice;
    // endpoints is a required list: a slice without backends stores [] (Go's non-omitempty field).
    s.endpoints ??= [];
    if (!Array.isArray(s.ports)) return;
    for (const p of s.ports) {
      if (!p || typeof p !== 'object') continue;
      p.name ??= '';
      p.protocol ??= 'TCP';
    }
  },
  specOf: (obj: KubeObject) => {
    const s = obj as EndpointSlice;
    return { addressType: s.addressType, endpoints: s.endpoints, ports: s.ports };
  },
  validate: (obj) => validateEndpointSlice(obj as EndpointSlice),
  validateUpdate: (obj, old) => validateImmutable((obj as EndpointSlice).addressType, (old as EndpointSlice).addressType, 'addressType'),
  printer: endpointSlicePrinter,
};
