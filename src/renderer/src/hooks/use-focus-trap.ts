/** Dialog focus: Tab and Shift+Tab stay inside the dialog, and closing it returns focus to what opened it. */
import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** wrapIndex is the next focus index when Tab (or Shift+Tab) leaves the ends of `count` elements; -1 when focus may move on its own. */
export function wrapIndex(count: number, current: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (current < 0) return backwards ? count - 1 : 0;
  if (backwards && current === 0) return count - 1;
  if (!backwards && current === count - 1) return 0;
  return -1;
}

/** useFocusTrap keeps Tab inside `ref` while mounted and gives focus back to the opener on unmount. */
export function useFocusTrap(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || !ref.current) return;
      const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
      const current = items.indexOf(document.activeElement as HTMLElement);
      const next = wrapIndex(items.length, current, e.shiftKey);
      if (next >= 0) {
        e.preventDefault();
        items[next]?.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      // The opener may have gone (a deleted row): then focus stays where the browser puts it.
      if (opener && opener.isConnected) opener.focus();
    };
  }, [ref]);
}
