/**
 * Table printing (meta.k8s.io/v1 Table), the server side of `kubectl get`:
 * one TablePrinter per resource with kubectl's column definitions, and
 * buildTable that turns objects into rows. As the real apiserver does, every
 * cell is always filled (priority-1 columns too); kubectl hides priority-1
 * columns unless `-o wide`.
 */
import type { KubeObject, ListMeta, Table, TableColumnDefinition, TableRow } from '../../../shared/api/meta';
import { humanDuration, translateTimestampSince } from '../../../shared/api/printing';

// The age format is shared with the renderer; table code imports it from here.
export { humanDuration, translateTimestampSince };

/** TablePrinter renders one resource's objects. */
export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** cells returns one row's cells, in column order. */
  cells(obj: KubeObject, now: Date): unknown[];
}

/** NAME_DESCRIPTION is ObjectMeta.name's swagger doc, as in kubectl's tables. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
/** AGE_DESCRIPTION is ObjectMeta.creationTimestamp's swagger doc. */
export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** col builds a column definition. */
export function col(name: string, type: string, description = '', priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** nameColumn is the Name column every table starts with. */
export const nameColumn = (): TableColumnDefinition => col('Name', 'string', NAME_DESCRIPTION, 0, 'name');
/** ageColumn is the Age column. */
export const ageColumn = (): TableColumnDefinition => col('Age', 'string', AGE_DESCRIPTION);

/** partialObjectMetadata is the row object for includeObject=Metadata. */
export function partialObjectMetadata(obj: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** buildTable renders objects with a printer into a Table. */
export function buildTable(
  printer: TablePrinter,
  objects: readonly KubeObject[],
  listMeta: ListMeta,
  includeObject: 'None' | 'Metadata' | 'Object',
  now: Date,
): Table {
  const rows: TableRow[] = objects.map((o) => {
    const row: TableRow = { cells: printer.cells(o, now) };
    if (includeObject === 'Metadata') row.object = partialObjectMetadata(o);
    else if (includeObject === 'Object') row.object = o;
    return row;
  });
  const metadata: ListMeta = {};
  if (listMeta.resourceVersion !== undefined) metadata.resourceVersion = listMeta.resourceVersion;
  if (listMeta.continue) metadata.continue = listMeta.continue;
  if (listMeta.remainingItemCount !== undefined) metadata.remainingItemCount = listMeta.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}

/** defaultPrinter prints Name and Age, as for a resource without its own printer. */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn(), ageColumn()],
  cells: (o, now) => [o.metadata.name ?? '', translateTimestampSince(o.metadata.creationTimestamp, now)],
};
