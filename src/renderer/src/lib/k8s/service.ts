/** Services: shape and the PORT(S) column. */
import type { Service } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';

export type { Service };
export const SERVICE_GVR = GVR.services;

/** servicePorts renders ports as kubectl does: "80/TCP", "80:30080/TCP". */
export function servicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

/** serviceSelector renders the selector as "k=v,k2=v2". */
export function serviceSelector(svc: Service): string {
  const sel = svc.spec?.selector;
  return sel && Object.keys(sel).length ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}
