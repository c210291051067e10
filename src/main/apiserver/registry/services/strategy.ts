/**
 * Services (pkg/registry/core/service): defaults, cluster IP and node port
 * allocation, validation, and the cluster IP that never changes once set.
 */
import type { Service, ServicePort } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { duplicate, forbiddenField, formatValue, invalidValue, notSupported, required, type FieldError } from '../../status';
import { servicePrinter } from '../../table/services';
import { list, topLevel } from '../schema';
import { SERVICE_STATUS } from '../status-schemas';
import type { Strategy, StrategyContext } from '../strategy';
import { DNS1123_SUBDOMAIN_MSG, dns1035Label, isDns1123Label, isDns1123Subdomain, validateLabels, validatePortNumber } from '../validation';
import { isIPv4, NODE_PORT_RANGE, ServiceAllocator } from './ip-allocator';

type ServiceSpec = NonNullable<Service['spec']> & {
  externalIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
};

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function specOf(obj: KubeObject): ServiceSpec | undefined {
  const s = obj.spec;
  return s && typeof s === 'object' ? (s as ServiceSpec) : undefined;
}

function needsNodePorts(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIP === 'None';
}

async function allocate(obj: KubeObject, alloc: ServiceAllocator, ctx: StrategyContext, old?: KubeObject): Promise<void> {
  const spec = specOf(obj);
  if (!spec) return;
  const needIP = spec.type !== 'ExternalName' && !spec.clusterIP;
  const needPorts = needsNodePorts(spec) && (spec.ports ?? []).some((p) => p && !p.nodePort);
  if (!needIP && !needPorts) return;
  const existing = (await ctx.listObjects('services')).filter((s) => s.metadata.uid !== obj.metadata.uid && s.metadata.uid !== old?.metadata.uid) as Service[];
  if (needIP) {
    spec.clusterIP = alloc.allocateIP(existing);
    spec.clusterIPs = [spec.clusterIP];
  }
  if (needPorts) {
    const taken = (spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === 'number');
    for (const p of spec.ports ?? []) if (p && !p.nodePort) p.nodePort = alloc.allocatePort(existing, taken);
  }
}

function validatePorts(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ports: ServicePort[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (!ports.length && spec.type !== 'ExternalName' && !isHeadless(spec)) errs.push(required('spec.ports'));
  const seen = new Set<string>();
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const f = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${f}.name`));
    if (p.name) {
      if (!isDns1123Label(p.name)) errs.push(invalidValue(`${f}.name`, p.name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
      else if (names.has(p.name)) errs.push(duplicate(`${f}.name`, p.name));
      names.add(p.name);
    }
    errs.push(...validatePortNumber(p.port, `${f}.port`));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (seen.has(key)) errs.push(duplicate(f, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    seen.add(key);
    const tp = p.targetPort;
    if (typeof tp === 'number') errs.push(...validatePortNumber(tp, `${f}.targetPort`));
    else if (typeof tp === 'string' && (!IANA_SVC_NAME.test(tp) || tp.length > 15 || !/[a-z]/.test(tp))) {
      errs.push(invalidValue(`${f}.targetPort`, tp, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
    }
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (!needsNodePorts(spec)) errs.push(forbiddenField(`${f}.nodePort`, `may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`));
      else if (p.nodePort < NODE_PORT_RANGE.min || p.nodePort > NODE_PORT_RANGE.max) {
        errs.push(invalidValue(`${f}.nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`));
      }
    }
  });
  return errs;
}

/** serviceStrategy declares services; cluster IPs come from alloc. */
export function serviceStrategy(alloc: ServiceAllocator): Strategy {
  return {
    schema: topLevel({
      spec: {
        ports: list({ name: 'string', protocol: 'string', appProtocol: 'string', port: 'int', targetPort: 'intOrString', nodePort: 'int' }),
        selector: 'map',
        clusterIP: 'string',
        clusterIPs: 'strings',
        type: 'string',
        externalIPs: 'strings',
        sessionAffinity: 'string',
        loadBalancerIP: 'string',
        loadBalancerSourceRanges: 'strings',
        externalName: 'string',
        externalTrafficPolicy: 'string',
        healthCheckNodePort: 'int',
        publishNotReadyAddresses: 'bool',
        sessionAffinityConfig: true,
        ipFamilies: 'strings',
        ipFamilyPolicy: 'string',
        allocateLoadBalancerNodePorts: 'bool',
        loadBalancerClass: 'string',
        internalTrafficPolicy: 'string',
        trafficDistribution: 'string',
      },
      status: SERVICE_STATUS,
    }),
    nameValidator: dns1035Label,
    applyDefaults(obj) {
      const spec = specOf(obj);
      if (!spec) return;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
        if (!p || typeof p !== 'object') continue;
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      if (spec.type !== 'ExternalName') {
        spec.internalTrafficPolicy ??= 'Cluster';
        spec.ipFamilies ??= ['IPv4'];
        spec.ipFamilyPolicy ??= 'SingleStack';
      }
      if (needsNodePorts(spec)) spec.externalTrafficPolicy ??= 'Cluster';
      if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
    },
    async prepareForCreate(obj, ctx) {
      obj.status = { loadBalancer: {} };
      await allocate(obj, alloc, ctx);
    },
    async prepareForUpdate(obj, old, ctx) {
      const spec = specOf(obj);
      const prev = specOf(old);
      if (!spec || !prev) return;
      // An update may omit allocated values; they carry over (as the real registry does).
      if (!spec.clusterIP && prev.clusterIP && spec.type !== 'ExternalName') {
        spec.clusterIP = prev.clusterIP;
        spec.clusterIPs = prev.clusterIPs ?? [prev.clusterIP];
      }
      if (needsNodePorts(spec)) {
        for (const p of spec.ports ?? []) {
          if (p.nodePort) continue;
          const same = (prev.ports ?? []).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
          if (same?.nodePort) p.nodePort = same.nodePort;
        }
      }
      await allocate(obj, alloc, ctx, old);
    },
    afterWrite(obj) {
      alloc.settle(obj as Service);
    },
    validate(obj) {
      const spec = specOf(obj);
      if (!spec) return [required('spec')];
      const errs: FieldError[] = [];
      if (spec.type !== undefined && !TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, TYPES));
      if (spec.sessionAffinity !== undefined && !['ClientIP', 'None'].includes(spec.sessionAffinity)) {
        errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
      }
      if (spec.type === 'ExternalName' && !spec.externalName) errs.push(required('spec.externalName'));
      const ext = (spec as { externalName?: unknown }).externalName;
      if (spec.type === 'ExternalName' && typeof ext === 'string' && ext !== '' && !isDns1123Subdomain(ext.replace(/\.$/, ''))) {
        errs.push(invalidValue('spec.externalName', ext, DNS1123_SUBDOMAIN_MSG));
      }
      if (spec.clusterIP && spec.clusterIP !== 'None' && !isIPv4(spec.clusterIP)) {
        errs.push(invalidValue('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
      }
      errs.push(...validateLabels(spec.selector, 'spec.selector'));
      errs.push(...validatePorts(spec));
      return errs;
    },
    validateUpdate(obj, old) {
      const a = specOf(obj)?.clusterIP;
      const b = specOf(old)?.clusterIP;
      if (b && a !== b && specOf(obj)?.type !== 'ExternalName') {
        return [{ type: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', body: `Invalid value: ${formatValue(specOf(obj)?.clusterIPs ?? [a ?? ''])}: may not change once set` }];
      }
      return [];
    },
    printer: servicePrinter,
  };
}
