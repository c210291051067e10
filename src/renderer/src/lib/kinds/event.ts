/** Events: type, reason, the object they are about (linked) and the count. */
import type { Event } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { formatAge } from '../k8s/age';
import { eventTime } from '../k8s/event';
import type { KindDescriptor } from './kind';

export const eventKind: KindDescriptor = {
  kind: 'Event',
  resource: 'events',
  kubectlName: 'event',
  title: 'Events',
  gvr: GVR.events,
  namespaced: true,
  columns: [
    { header: 'Last seen', value: (o, now) => formatAge(eventTime(o as Event), now), numeric: (o) => -(Date.parse(eventTime(o as Event) ?? '') || 0) },
    { header: 'Type', value: (o) => (o as Event).type ?? '' },
    { header: 'Reason', value: (o) => (o as Event).reason ?? '' },
    { header: 'Message', value: (o) => (o as Event).message ?? '', wide: true },
  ],
  facts: (o) => {
    const e = o as Event;
    return [
      { term: 'Type', value: e.type ?? '' },
      { term: 'Reason', value: e.reason ?? '' },
      { term: 'Message', value: e.message ?? '' },
      { term: 'Count', value: String(e.count ?? 1) },
      { term: 'From', value: e.source?.component ?? e.reportingComponent ?? '' },
      { term: 'Last seen', value: eventTime(e) ?? '' },
    ];
  },
  links: (o) => {
    const io = (o as Event).involvedObject;
    return io?.kind && io.name ? [{ kind: io.kind, name: io.name, namespace: io.namespace ?? o.metadata.namespace, note: 'about' }] : [];
  },
};
