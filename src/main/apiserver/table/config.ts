/** The namespace, configmap, secret, lease and event tables, as kubectl's printers. */
import type { ConfigMap, Event, Namespace, Secret } from '../../../shared/api/core';
import type { Lease } from '../../../shared/api/coordination';
import type { KubeObject } from '../../../shared/api/meta';
import { ageColumn, col, nameColumn, translateTimestampSince, type TablePrinter } from './printer';

/** namespacePrinter is the namespaces table. */
export const namespacePrinter: TablePrinter = {
  columns: [nameColumn(), col('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (obj: KubeObject, now: Date) => [
    obj.metadata.name ?? '',
    (obj as Namespace).status?.phase ?? '',
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
};

/** configMapPrinter is the configmaps table. */
export const configMapPrinter: TablePrinter = {
  columns: [nameColumn(), col('Data', 'integer', 'Data contains the configuration data.'), ageColumn()],
  cells: (obj: KubeObject, now: Date) => {
    const cm = obj as ConfigMap;
    return [cm.metadata.name ?? '', Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, translateTimestampSince(cm.metadata.creationTimestamp, now)];
  },
};

/** secretPrinter is the secrets table. */
export const secretPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'The type of the secret'),
    col('Data', 'string', 'The number of data items'),
    ageColumn(),
  ],
  cells: (obj: KubeObject, now: Date) => {
    const s = obj as Secret;
    return [s.metadata.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, translateTimestampSince(s.metadata.creationTimestamp, now)];
  },
};

/** leasePrinter is the leases table. */
export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), col('Holder', 'string', 'The holder of the lease'), ageColumn()],
  cells: (obj: KubeObject, now: Date) => [
    obj.metadata.name ?? '',
    (obj as Lease).spec?.holderIdentity ?? '',
    translateTimestampSince(obj.metadata.creationTimestamp, now),
  ],
};

function formatEventSource(e: Event): string {
  const component = e.source?.component || (e as Event & { reportingController?: string }).reportingController || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** eventPrinter is the events table (Last Seen, Type, Reason, Object, Message; wide adds the rest). */
export const eventPrinter: TablePrinter = {
  columns: [
    col('Last Seen', 'string', 'Time when this Event was last seen'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 'Reason is why the action was taken. It is human-readable. This field can have at most 128 characters.'),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'The subobject of the object that this event is about.', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', 'Name must be unique within a namespace.', 1, 'name'),
  ],
  cells(obj: KubeObject, now: Date): unknown[] {
    const e = obj as Event & { series?: { count?: number; lastObservedTime?: string } };
    const first = translateTimestampSince(e.firstTimestamp || e.eventTime || undefined, now);
    let last = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = translateTimestampSince(e.series.lastObservedTime, now);
      count = e.series.count ?? count;
    } else if (count === 0) {
      count = 1;
    }
    const io = e.involvedObject ?? {};
    const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
    return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', formatEventSource(e), (e.message ?? '').trim(), first, count, e.metadata.name ?? ''];
  },
};
