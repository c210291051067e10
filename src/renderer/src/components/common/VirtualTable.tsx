/**
 * A table that puts only the rows in view (plus a few either side) in the
 * DOM, so a list of thousands stays light. Rows scroll inside the table's own
 * region (mouse, and keyboard once it has focus), the header stays on top,
 * and the table tells assistive technology the full count (aria-rowcount,
 * aria-rowindex on each row) though most rows are not rendered.
 *
 * A row's element is kept while its item (the same object: the cache
 * replaces changed objects, never mutates them), its place and `rowDeps` are
 * unchanged, so React skips it: a scroll renders only the rows coming into
 * view, and a watch event only the row of the object it changed.
 */
import { useRef, type ReactNode, type Ref } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/** RowProps are spread on the row's `tr`: its place in the whole list, and the ref that measures its height. */
export interface RowProps {
  'data-index': number;
  'aria-rowindex': number;
  ref: Ref<HTMLTableRowElement>;
}

/** ESTIMATED_ROW_PX is a one-line row's height; rows are measured once rendered. */
const ESTIMATED_ROW_PX = 41;
/** OVERSCAN rows are rendered beyond each edge of the view, so a quick scroll shows no gap. */
const OVERSCAN = 12;

/** VirtualTable renders `items` through `row`, only those near the view. */
export function VirtualTable<T>({
  items,
  itemKey,
  header,
  columns,
  row,
  label,
  testId,
  rowDeps = [],
}: {
  items: readonly T[];
  itemKey: (item: T) => string;
  /** header is the header row (a `tr` of `th`). */
  header: ReactNode;
  /** columns is the number of cells in a row (for the spacer rows). */
  columns: number;
  row: (item: T, props: RowProps) => ReactNode;
  label: string;
  testId: string;
  /** rowDeps are what `row` reads besides its item (the clock, the namespace shown): a change renders every row anew. */
  rowDeps?: readonly unknown[];
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useRef<{ deps: readonly unknown[]; byItem: WeakMap<object, { index: number; node: ReactNode }> }>({ deps: rowDeps, byItem: new WeakMap() });
  if (rows.current.deps.length !== rowDeps.length || rows.current.deps.some((d, i) => !Object.is(d, rowDeps[i]))) {
    rows.current = { deps: rowDeps, byItem: new WeakMap() };
  }
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: OVERSCAN,
    getItemKey: (i) => itemKey(items[i] as T),
    // Before the region is measured, assume it fills the window so the first paint has rows.
    initialRect: { width: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight },
  });
  const virtualRows = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const before = virtualRows.length > 0 ? (virtualRows[0]?.start ?? 0) : 0;
  const after = virtualRows.length > 0 ? total - (virtualRows[virtualRows.length - 1]?.end ?? 0) : 0;

  return (
    // The region scrolls; focusable so arrow keys, Page Up/Down, Home and End move it.
    <div className="table-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={label} data-testid={`${testId}-scroll`}>
      <table className="table" data-testid={testId} aria-rowcount={items.length + 1}>
        <thead>{header}</thead>
        <tbody>
          {before > 0 ? <Spacer height={before} columns={columns} /> : null}
          {virtualRows.map((v) => {
            const item = items[v.index] as T;
            const cache = rows.current.byItem;
            const key = item as unknown as object;
            const kept = typeof item === 'object' && item !== null ? cache.get(key) : undefined;
            if (kept && kept.index === v.index) return kept.node;
            const node = row(item, { 'data-index': v.index, 'aria-rowindex': v.index + 2, ref: virtualizer.measureElement });
            if (typeof item === 'object' && item !== null) cache.set(key, { index: v.index, node });
            return node;
          })}
          {after > 0 ? <Spacer height={after} columns={columns} /> : null}
        </tbody>
      </table>
    </div>
  );
}

/** Spacer stands for the rows not rendered, so the scroll height is the whole list's. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" className="virtual-spacer">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
