/** Sorting list rows by a column, as a click on its header asks. */
import type { KubeObject } from '../../../../shared/api/meta';
import type { Column } from './kind';

/** SortState is the column sorted on (by header) and the direction. */
export interface SortState {
  column: string;
  descending: boolean;
}

/** NAME_COLUMN is the header of the always-present Name column. */
export const NAME_COLUMN = 'Name';

/**
 * sortObjects orders objects by a column (numbers numerically, text
 * naturally: "web-10" after "web-9"), ties broken by namespace/name; a new array.
 */
export function sortObjects<T extends KubeObject>(objs: readonly T[], columns: readonly Column[], sort: SortState, now: number): T[] {
  const col = columns.find((c) => c.header === sort.column);
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const byName = (a: KubeObject, b: KubeObject) => key(a).localeCompare(key(b), undefined, { numeric: true });
  const cmp = (a: KubeObject, b: KubeObject): number => {
    if (!col) return byName(a, b);
    const d = col.numeric ? col.numeric(a) - col.numeric(b) : col.value(a, now).localeCompare(col.value(b, now), undefined, { numeric: true });
    return d || byName(a, b);
  };
  const out = [...objs].sort(cmp);
  return sort.descending ? out.reverse() : out;
}

/** nextSort is the sort after a click on `header`: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortState, header: string): SortState {
  return current.column === header ? { column: header, descending: !current.descending } : { column: header, descending: false };
}
