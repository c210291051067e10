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

/** NATURAL orders text as people do: "hollow-node-2" before "hollow-node-10" (one collator, shared: creating one per comparison is slow). */
const NATURAL = new Intl.Collator(undefined, { numeric: true });

/** naturalCompare compares two strings naturally ("web-9" before "web-10"). */
export const naturalCompare = (a: string, b: string): number => NATURAL.compare(a, b);

/**
 * sortObjects orders objects by a column (numbers numerically, text
 * naturally: "web-10" after "web-9"), ties broken by namespace/name; a new
 * array. Each object's keys are computed once, not once per comparison, so
 * tens of thousands of rows sort in a few tens of milliseconds.
 */
export function sortObjects<T extends KubeObject>(objs: readonly T[], columns: readonly Column[], sort: SortState, now: number): T[] {
  const col = columns.find((c) => c.header === sort.column);
  const rows = objs.map((o) => ({
    o,
    name: `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`,
    num: col?.numeric ? col.numeric(o) : 0,
    text: col && !col.numeric ? col.value(o, now) : '',
  }));
  rows.sort((a, b) => (col ? (col.numeric ? a.num - b.num : NATURAL.compare(a.text, b.text)) : 0) || NATURAL.compare(a.name, b.name));
  const out = rows.map((r) => r.o);
  return sort.descending ? out.reverse() : out;
}

/** nextSort is the sort after a click on `header`: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortState, header: string): SortState {
  return current.column === header ? { column: header, descending: !current.descending } : { column: header, descending: false };
}
