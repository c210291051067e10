/** The endpointslices table, as kubectl's printEndpointSlice (NAME ADDRESSTYPE PORTS ENDPOINTS AGE). */
import type { Endpoint, EndpointSlice, EndpointSlicePort } from '../../../shared/api/discovery';
import type { KubeObject } from '../../../shared/api/meta';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

const MAX_SHOWN = 3;

/** listWithMore joins up to three items, "a,b,c + 2 more..." beyond, "<unset>" for none (kubectl's listWithMoreString). */
function listWithMore(items: readonly string[]): string {
  if (items.length > MAX_SHOWN) return `${items.slice(0, MAX_SHOWN).join(',')} + ${items.length - MAX_SHOWN} more...`;
  return items.length ? items.join(',') : '<unset>';
}

/** formatSlicePorts renders each port's number, its name when it has none, "*" when it has neither. */
export function formatSlicePorts(ports: readonly EndpointSlicePort[] | undefined): string {
  return listWithMore((Array.isArray(ports) ? ports : []).map((p) => (typeof p?.port === 'number' ? String(p.port) : typeof p?.name === 'string' ? p.name : '*')));
}

/** formatSliceEndpoints renders the addresses of every endpoint, in order. */
export function formatSliceEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const addresses = (Array.isArray(endpoints) ? endpoints : []).flatMap((e) => (Array.isArray(e?.addresses) ? e.addresses.map(String) : []));
  return listWithMore(addresses);
}

/** endpointSlicePrinter is the endpointslices table. */
export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    col(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    ageColumn(),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const s = obj as EndpointSlice;
    return [s.metadata.name ?? '', s.addressType ?? '', formatSlicePorts(s.ports), formatSliceEndpoints(s.endpoints), translateTimestampSince(s.metadata.creationTimestamp, now)];
  },
};
