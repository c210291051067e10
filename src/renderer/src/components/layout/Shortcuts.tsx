/** Global keyboard shortcuts (`/`, `?`, `g` + letter) and the help dialog that lists them. */
import { useEffect, useRef, useState } from 'react';
import { isTyping, JUMPS, SHORTCUTS } from '../../lib/shortcuts';
import { Modal } from '../actions/Modal';

/** Shortcuts listens for the shortcuts and shows the help on `?`. */
export function Shortcuts() {
  const [help, setHelp] = useState(false);
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector('[role=dialog]')) return;
      if (e.key === '/') {
        const filter = document.querySelector<HTMLInputElement>('.main .filters input, .main input[type=search]');
        if (filter) {
          e.preventDefault();
          filter.focus();
        }
      } else if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === 'g') {
        pendingG.current = Date.now();
      } else if (Date.now() - pendingG.current < 1500 && JUMPS[e.key]) {
        pendingG.current = 0;
        window.location.hash = JUMPS[e.key]!.href;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!help) return null;
  return (
    <Modal title="Keyboard shortcuts" onClose={() => setHelp(false)} testId="shortcuts-help">
      <table className="table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
