/**
 * DialogFrame shows a dialog whose code is a chunk of its own (lazyScreen):
 * nothing while it loads (it is preloaded when the app is idle), and, when the
 * chunk could not be loaded, a small dialog saying so with a retry and a
 * close, instead of an error that would blank the app.
 */
import { Component, Suspense, type ReactNode } from 'react';
import { Modal } from '../components/actions/Modal';
import { forgetScreenFailures, ScreenLoadError } from './lazy-screen';

interface Props {
  onClose: () => void;
  children: ReactNode;
}

interface State {
  error: ScreenLoadError | null;
  attempt: number;
}

/** DialogFrame catches the failed load of the dialog under it; any other error is passed on. */
export class DialogFrame extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    if (error instanceof ScreenLoadError) return { error };
    throw error;
  }

  retry = (): void => {
    forgetScreenFailures();
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <Modal
          title="Could not load this dialog"
          onClose={this.props.onClose}
          testId="dialog-load-failed"
          footer={
            <>
              <button type="button" className="button" onClick={this.props.onClose}>
                Close
              </button>
              <button type="button" className="button primary" onClick={this.retry} data-testid="dialog-retry">
                Retry
              </button>
            </>
          }
        >
          <p role="alert">The Kubedeck server did not send the dialog&apos;s code ({error.cause instanceof Error ? error.cause.message : 'no answer'}).</p>
        </Modal>
      );
    }
    return (
      <Suspense key={attempt} fallback={null}>
        {this.props.children}
      </Suspense>
    );
  }
}
