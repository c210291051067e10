/**
 * Container validation (validateContainers in pkg/apis/core/validation):
 * names, images, ports, env, volume mounts, resources, probes and lifecycle
 * handlers, with Kubernetes' field paths and messages.
 */
import type { Container } from '../../../../shared/api/core';
import { duplicate, forbiddenField, invalidValue, notSupported, required, type FieldError } from '../../status';
import { validateEnvVarName, validatePortName, validateResources } from '../field-formats';
import { DNS1123_LABEL_MSG, isDns1123Label, validateNonNegative, validatePortNumber } from '../validation';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SCHEMES = ['HTTP', 'HTTPS'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const HANDLER_TYPES = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** validatePortNumOrName checks an int-or-string port: 1..65535 or an IANA service name. */
function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (port === undefined || port === null) return [required(field)];
  if (typeof port === 'number') return validatePortNumber(port, field);
  if (typeof port === 'string') {
    // A numeric string is a port number, as intstr.Parse does.
    if (/^\d+$/.test(port)) return validatePortNumber(Number(port), field);
    return validatePortName(port, field);
  }
  return [invalidValue(field, port, 'must be an int or a string')];
}

function validateHandler(h: Record<string, unknown>, field: string, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  const present = kinds.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length === 0) return [required(field, 'must specify a handler type')];
  if (present.length > 1) errs.push(forbiddenField(`${field}.${present[1]}`, 'may not specify more than 1 handler type'));
  const exec = h.exec;
  if (isObject(exec) && (!Array.isArray(exec.command) || exec.command.length === 0)) errs.push(required(`${field}.exec.command`));
  const http = h.httpGet;
  if (isObject(http)) {
    errs.push(...validatePortNumOrName(http.port, `${field}.httpGet.port`));
    if (http.scheme !== undefined && !SCHEMES.includes(http.scheme as string)) errs.push(notSupported(`${field}.httpGet.scheme`, http.scheme, SCHEMES));
    if (typeof http.path === 'string' && http.path !== '' && !http.path.startsWith('/')) {
      errs.push(invalidValue(`${field}.httpGet.path`, http.path, "must start with '/'"));
    }
  }
  const tcp = h.tcpSocket;
  if (isObject(tcp)) errs.push(...validatePortNumOrName(tcp.port, `${field}.tcpSocket.port`));
  const grpc = h.grpc;
  if (isObject(grpc)) errs.push(...validatePortNumber(grpc.port, `${field}.grpc.port`));
  const sleep = h.sleep;
  if (isObject(sleep)) errs.push(...validateNonNegative(sleep.seconds ?? 0, `${field}.sleep.seconds`));
  return errs;
}

/** validateProbe checks one probe; liveness and startup probes need successThreshold 1. */
function validateProbe(p: unknown, field: string, successMustBeOne: boolean): FieldError[] {
  if (p === undefined || p === null) return [];
  if (!isObject(p)) return [invalidValue(field, p, 'must be an object')];
  const errs = validateHandler(p, field, HANDLER_TYPES);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonNegative(p[k], `${field}.${k}`));
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds !== null) {
    const t = p.terminationGracePeriodSeconds;
    if (typeof t !== 'number' || t <= 0) errs.push(invalidValue(`${field}.terminationGracePeriodSeconds`, t, 'must be greater than 0'));
  }
  if (successMustBeOne && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push(invalidValue(`${field}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  return errs;
}

function validateLifecycle(l: unknown, field: string): FieldError[] {
  if (l === undefined || l === null) return [];
  if (!isObject(l)) return [invalidValue(field, l, 'must be an object')];
  const errs: FieldError[] = [];
  for (const k of ['postStart', 'preStop']) {
    const h = l[k];
    if (h === undefined || h === null) continue;
    if (!isObject(h)) errs.push(invalidValue(`${field}.${k}`, h, 'must be an object'));
    else errs.push(...validateHandler(h, `${field}.${k}`, ['exec', 'httpGet', 'tcpSocket', 'sleep']));
  }
  return errs;
}

function validatePorts(c: Container, f: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(c.ports) ? c.ports : []).forEach((p, j) => {
    const pf = `${f}.ports[${j}]`;
    if (!isObject(p)) {
      errs.push(invalidValue(pf, p, 'must be an object'));
      return;
    }
    if (p.name !== undefined && p.name !== '') {
      errs.push(...validatePortName(p.name, `${pf}.name`));
      if (names.has(p.name)) errs.push(duplicate(`${pf}.name`, p.name));
      names.add(p.name);
    }
    if (p.containerPort === undefined || p.containerPort === null) errs.push(required(`${pf}.containerPort`));
    else errs.push(...validatePortNumber(p.containerPort, `${pf}.containerPort`));
    if (p.hostPort !== undefined && p.hostPort !== null && p.hostPort !== 0) errs.push(...validatePortNumber(p.hostPort, `${pf}.hostPort`));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${pf}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(c: Container, f: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(c.env) ? c.env : []).forEach((e, j) => {
    const ef = `${f}.env[${j}]`;
    if (!isObject(e)) {
      errs.push(invalidValue(ef, e, 'must be an object'));
      return;
    }
    if (!e.name) errs.push(required(`${ef}.name`));
    else errs.push(...validateEnvVarName(e.name, `${ef}.name`));
    const from = e.valueFrom as unknown;
    if (isObject(from)) {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => from[k] !== undefined && from[k] !== null);
      if (sources.length === 0) errs.push(invalidValue(`${ef}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (sources.length > 1) errs.push(invalidValue(`${ef}.valueFrom`, '', 'may not have more than one field specified at a time'));
      if (e.value) errs.push(invalidValue(`${ef}.valueFrom`, '', "may not be specified when `value` is not empty"));
      for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
        const r = from[ref];
        if (isObject(r) && !r.key) errs.push(required(`${ef}.valueFrom.${ref}.key`));
      }
      const fieldRef = from.fieldRef;
      if (isObject(fieldRef) && !fieldRef.fieldPath) errs.push(required(`${ef}.valueFrom.fieldRef.fieldPath`));
    }
  });
  const envFrom = (c as { envFrom?: unknown }).envFrom;
  (Array.isArray(envFrom) ? envFrom : []).forEach((e: unknown, j) => {
    const ef = `${f}.envFrom[${j}]`;
    if (!isObject(e)) {
      errs.push(invalidValue(ef, e, 'must be an object'));
      return;
    }
    if (typeof e.prefix === 'string' && e.prefix !== '') errs.push(...validateEnvVarName(e.prefix, `${ef}.prefix`));
    const refs = ['configMapRef', 'secretRef'].filter((k) => e[k] !== undefined && e[k] !== null);
    if (refs.length !== 1) errs.push(invalidValue(ef, '', 'must specify one of: `configMapRef` or `secretRef`'));
  });
  return errs;
}

/**
 * validateContainers checks a list of containers at field; names are
 * collected in names (unique across init and app containers) and mounts must
 * name one of volumes.
 */
export function validateContainers(list: unknown, field: string, volumes: Set<string>, names: Set<string>, requireOne: boolean, init = false): FieldError[] {
  const errs: FieldError[] = [];
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    if (requireOne) errs.push(required(field));
    return errs;
  }
  if (!Array.isArray(list)) return [invalidValue(field, list, 'must be a list of containers')];
  list.forEach((c: Container, i) => {
    const f = `${field}[${i}]`;
    if (!isObject(c)) {
      errs.push(invalidValue(f, c, 'must be an object'));
      return;
    }
    if (!c.name) errs.push(required(`${f}.name`));
    else if (typeof c.name !== 'string' || !isDns1123Label(c.name)) errs.push(invalidValue(`${f}.name`, c.name, DNS1123_LABEL_MSG));
    else if (names.has(c.name)) errs.push(duplicate(`${f}.name`, c.name));
    else names.add(c.name);
    if (!c.image || (typeof c.image === 'string' && !c.image.trim())) errs.push(required(`${f}.image`));
    else if (typeof c.image === 'string' && c.image !== c.image.trim()) {
      errs.push(invalidValue(`${f}.image`, c.image, 'must not have leading or trailing whitespace'));
    }
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
      errs.push(notSupported(`${f}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    }
    if (c.terminationMessagePolicy !== undefined && !TERMINATION_MESSAGE_POLICIES.includes(c.terminationMessagePolicy)) {
      errs.push(notSupported(`${f}.terminationMessagePolicy`, c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES));
    }
    errs.push(...validatePorts(c, f), ...validateEnv(c, f));
    (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m, j) => {
      const mf = `${f}.volumeMounts[${j}]`;
      if (!isObject(m)) {
        errs.push(invalidValue(mf, m, 'must be an object'));
        return;
      }
      if (!m.name) errs.push(required(`${mf}.name`));
      else if (!volumes.has(m.name)) errs.push({ type: 'FieldValueNotFound', field: `${mf}.name`, body: `Not found: ${JSON.stringify(m.name)}` });
      if (!m.mountPath) errs.push(required(`${mf}.mountPath`));
    });
    errs.push(...validateResources(c.resources, `${f}.resources`));
    if (init) {
      // Init containers run to completion: probes and lifecycle hooks are forbidden (unless restartable sidecars).
      const sidecar = (c as { restartPolicy?: string }).restartPolicy === 'Always';
      for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const) {
        if (!sidecar && c[k] !== undefined && c[k] !== null) errs.push(forbiddenField(`${f}.${k}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    errs.push(
      ...validateProbe(c.livenessProbe, `${f}.livenessProbe`, true),
      ...validateProbe(c.readinessProbe, `${f}.readinessProbe`, false),
      ...validateProbe(c.startupProbe, `${f}.startupProbe`, true),
      ...validateLifecycle(c.lifecycle, `${f}.lifecycle`),
    );
  });
  return errs;
}
