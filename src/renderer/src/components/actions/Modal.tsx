/** The dialog frame the action dialogs share: title, body, footer, Escape to close, focus on open. */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useFocusTrap } from '../../hooks/use-focus-trap';

/** Modal renders an accessible modal dialog. */
export function Modal({ title, onClose, children, footer, testId, busy, wide }: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; testId: string; busy?: boolean; wide?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([aria-label="Close dialog"])');
    first?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onClose]);
  return (
    <div className="modal-backdrop">
      <div ref={ref} className={wide ? 'modal modal-wide' : 'modal'} role="dialog" aria-modal="true" aria-labelledby={id} data-testid={testId}>
        <header className="modal-header">
          <h2 id={id}>{title}</h2>
          <button type="button" className="button ghost" onClick={onClose} aria-label="Close dialog" disabled={busy}>
            ✕
          </button>
        </header>
        <div className="modal-body">{children}</div>
        <footer className="modal-footer">{footer}</footer>
      </div>
    </div>
  );
}
