/**
 * DialogFrame shows a dialog whose code is a chunk of its own (lazyScreen):
 * nothing while it loads (it is preloaded when the app is idle), and, when the
 * chunk could not be loaded, a small dialog saying so with a retry and a
 * close, instead of an error that would blank the app.
 */
import type { ReactNode } from 'react';
import { Modal } from '../components/actions/Modal';
import { causeText, ChunkLoadBoundary } from './ChunkLoadBoundary';

interface Props {
  onClose: () => void;
  children: ReactNode;
}

/** DialogFrame catches the failed load of the dialog under it; any other error is passed on. */
export function DialogFrame({ onClose, children }: Props) {
  return (
    <ChunkLoadBoundary
      fallback={null}
      failed={(error, retry) => (
        <Modal
          title="Could not load this dialog"
          onClose={onClose}
          testId="dialog-load-failed"
          footer={
            <>
              <button type="button" className="button" onClick={onClose}>
                Close
              </button>
              <button type="button" className="button primary" onClick={retry} data-testid="dialog-retry">
                Retry
              </button>
            </>
          }
        >
          <p role="alert">The Kubedeck server did not send the dialog&apos;s code ({causeText(error)}).</p>
        </Modal>
      )}
    >
      {children}
    </ChunkLoadBoundary>
  );
}
