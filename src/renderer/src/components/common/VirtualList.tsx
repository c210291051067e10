/**
 * A list of blocks of varying height (cards) that puts only those near the
 * view in the DOM, as VirtualTable does for rows: the blocks scroll in the
 * list's own region and each is measured once rendered.
 */
import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import './virtual-list.css';

/** OVERSCAN blocks are rendered beyond each edge of the view. */
const OVERSCAN = 4;

/** VirtualList renders `items` through `render`, only those near the view. */
export function VirtualList<T>({
  items,
  itemKey,
  render,
  estimatePx,
  label,
  testId,
}: {
  items: readonly T[];
  itemKey: (item: T) => string;
  render: (item: T) => ReactNode;
  /** estimatePx is a block's height before it is measured. */
  estimatePx: number;
  label: string;
  testId: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimatePx,
    overscan: OVERSCAN,
    getItemKey: (i) => itemKey(items[i] as T),
    initialRect: { width: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight },
  });
  const blocks = virtualizer.getVirtualItems();
  return (
    <div className="list-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label={label} data-testid={`${testId}-scroll`}>
      <div className="virtual-list" style={{ height: virtualizer.getTotalSize() }} data-testid={testId} data-count={items.length}>
        {blocks.map((v) => (
          <div key={v.key} className="virtual-block" data-index={v.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${v.start}px)` }}>
            {render(items[v.index] as T)}
          </div>
        ))}
      </div>
    </div>
  );
}
