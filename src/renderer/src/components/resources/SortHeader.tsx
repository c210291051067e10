/** A table header cell that sorts on click and says how it sorts (aria-sort). */
import type { SortState } from '../../lib/kinds/sort';

export function SortHeader({ header, sort, onSort, className }: { header: string; sort: SortState; onSort: (header: string) => void; className?: string }) {
  const active = sort.column === header;
  return (
    <th className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(header)} data-testid={`sort-${header.toLowerCase().replace(/\W+/g, '-')}`}>
        {header}
        <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}
