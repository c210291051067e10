/** Endpoints (pkg/registry/core/endpoint): written by the endpoints controller; PUT may create. */
import type { Endpoints } from '../../../../shared/api/core';
import { invalidValue, notSupported, required, type FieldError } from '../../status';
import { endpointsPrinter } from '../../table/services';
import { isIPv4 } from '../services/ip-allocator';
import { list, topLevel, type FieldSchema } from '../schema';
import type { Strategy } from '../strategy';
import { DNS1123_LABEL_MSG, dns1123Subdomain, isDns1123Label, validatePortNumber } from '../validation';

const ADDRESS: FieldSchema = list({ ip: 'string', hostname: 'string', nodeName: 'string', targetRef: true });

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** endpointsStrategy declares endpoints. */
export const endpointsStrategy: Strategy = {
  schema: topLevel({
    subsets: list({ addresses: ADDRESS, notReadyAddresses: ADDRESS, ports: list({ name: 'string', port: 'int', protocol: 'string', appProtocol: 'string' }) }),
  }),
  nameValidator: dns1123Subdomain,
  allowCreateOnUpdate: true,
  applyDefaults(obj) {
    for (const ss of (obj as Endpoints).subsets ?? []) for (const p of ss?.ports ?? []) if (p) p.protocol ??= 'TCP';
  },
  validate(obj) {
    const errs: FieldError[] = [];
    ((obj as Endpoints).subsets ?? []).forEach((ss, i) => {
      for (const list of ['addresses', 'notReadyAddresses'] as const) {
        (ss[list] ?? []).forEach((a, j) => {
          const f = `subsets[${i}].${list}[${j}].ip`;
          if (!a.ip) errs.push(required(f));
          else if (!isIPv4(a.ip) && !a.ip.includes(':')) errs.push(invalidValue(f, a.ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
        });
      }
      (ss.ports ?? []).forEach((p, j) => {
        const f = `subsets[${i}].ports[${j}]`;
        errs.push(...validatePortNumber(p.port, `${f}.port`));
        if (p.name && !isDns1123Label(p.name)) errs.push(invalidValue(`${f}.name`, p.name, DNS1123_LABEL_MSG));
        if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(notSupported(`${f}.protocol`, p.protocol, PROTOCOLS));
      });
    });
    return errs;
  },
  printer: endpointsPrinter,
};
