/** Ingress validation (pkg/apis/networking/validation), with Kubernetes' messages. */
import type { HTTPIngressPath, Ingress, IngressBackend } from '../../../../shared/api/networking';
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { DNS1123_SUBDOMAIN_MSG, dns1035Label, isDns1123Subdomain, validatePortNumber } from '../validation';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function isIPv4Like(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');
}

/** validateHost checks a rule's or a TLS entry's host: a DNS name, possibly `*.` wildcard, never an IP. */
function validateHost(host: string, field: string): FieldError[] {
  if (isIPv4Like(host)) return [invalidValue(field, host, 'must be a DNS name, not an IP address')];
  if (host.includes('*')) {
    return host.startsWith('*.') && isDns1123Subdomain(host.slice(2)) ? [] : [invalidValue(field, host, WILDCARD_MSG)];
  }
  return isDns1123Subdomain(host) && host.length <= 253 ? [] : [invalidValue(field, host, DNS1123_SUBDOMAIN_MSG)];
}

/** validateBackend checks one backend: exactly one of service and resource; a service needs a name and a port (name or number). */
export function validateBackend(b: IngressBackend | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasService = !!b?.service;
  const hasResource = !!b?.resource;
  if (hasService && hasResource) return [invalidValue(field, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = b!.resource!;
    if (!r.kind) errs.push(required(`${field}.resource.kind`));
    if (!r.name) errs.push(required(`${field}.resource.name`));
    return errs;
  }
  if (!hasService) return [invalidValue(field, '', 'resource or service backend is required')];
  const s = b!.service!;
  const f = `${field}.service`;
  if (!s.name) errs.push(required(`${f}.name`));
  else for (const msg of dns1035Label(s.name, false)) errs.push(invalidValue(`${f}.name`, s.name, msg));
  const hasName = !!s.port?.name;
  const hasNumber = !!s.port?.number;
  if (hasName && hasNumber) errs.push(invalidValue(`${f}.port`, '', 'cannot set both port name & port number'));
  else if (hasName) {
    const n = s.port!.name!;
    if (!IANA_SVC_NAME.test(n) || n.length > 15 || !/[a-z]/.test(n)) errs.push(invalidValue(`${f}.port.name`, n, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
  } else if (hasNumber) errs.push(...validatePortNumber(s.port!.number, `${f}.port.number`));
  else errs.push(required(`${f}.port`, 'port name or number is required'));
  return errs;
}

function validatePath(p: HTTPIngressPath, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const path = p.path ?? '';
  if (p.pathType === undefined || p.pathType === null) return [required(`${field}.pathType`, 'pathType must be specified')];
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!path.startsWith('/')) errs.push(invalidValue(`${field}.path`, path, 'must be an absolute path'));
      for (const seq of INVALID_SEQUENCES) if (path.includes(seq)) errs.push(invalidValue(`${field}.path`, path, `must not contain '${seq}'`));
      for (const suf of INVALID_SUFFIXES) if (path.endsWith(suf)) errs.push(invalidValue(`${field}.path`, path, `cannot end with '${suf}'`));
      break;
    case 'ImplementationSpecific':
      if (path && !path.startsWith('/')) errs.push(invalidValue(`${field}.path`, path, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(`${field}.pathType`, p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(p.backend, `${field}.backend`));
  return errs;
}

/** validateIngress checks an Ingress's spec as Kubernetes' ValidateIngressSpec does. */
export function validateIngress(ing: Ingress): FieldError[] {
  const spec = ing.spec;
  const errs: FieldError[] = [];
  const rules = spec?.rules ?? [];
  if (!rules.length && !spec?.defaultBackend) return [invalidValue('spec', null, 'either `defaultBackend` or `rules` must be specified')];
  if (spec?.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const f = `spec.rules[${i}]`;
    if (r.host) errs.push(...validateHost(r.host, `${f}.host`));
    if (r.http) {
      const paths = Array.isArray(r.http.paths) ? r.http.paths : [];
      if (!paths.length) errs.push(required(`${f}.http.paths`));
      paths.forEach((p, j) => errs.push(...validatePath(p, `${f}.http.paths[${j}]`)));
    }
  });
  (spec?.tls ?? []).forEach((t, i) => {
    (t.hosts ?? []).forEach((h, j) => errs.push(...validateHost(h, `spec.tls[${i}].hosts[${j}]`)));
    if (t.secretName && !isDns1123Subdomain(t.secretName)) errs.push(invalidValue(`spec.tls[${i}].secretName`, t.secretName, DNS1123_SUBDOMAIN_MSG));
  });
  const cls = spec?.ingressClassName;
  if (cls !== undefined && cls !== null && !isDns1123Subdomain(cls)) errs.push(invalidValue('spec.ingressClassName', cls, DNS1123_SUBDOMAIN_MSG));
  return errs;
}
