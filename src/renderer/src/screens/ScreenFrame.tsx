/**
 * ScreenFrame shows the current screen inside the layout: a quiet placeholder
 * while its chunk loads (the header and sidebar stay), and, when the chunk
 * could not be loaded, a clear message with a retry instead of a blank app.
 * The load is retried by the button, and by itself when the cluster answers
 * again after being away.
 */
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { useClusterAway } from '../components/layout/ClusterAway';
import { forgetScreenFailures, ScreenLoadError } from './lazy-screen';
import './screen-frame.css';

function ScreenLoading() {
  return (
    <div className="screen-loading" data-testid="screen-loading" aria-busy="true">
      <p className="state muted">Loading…</p>
    </div>
  );
}

interface BoundaryProps {
  away: boolean;
  children: ReactNode;
}

interface BoundaryState {
  error: ScreenLoadError | null;
  /** Bumped on a retry so the screen under it mounts afresh. */
  attempt: number;
}

/**
 * ScreenLoadBoundary catches a screen's failed load. Any other error is
 * passed on unchanged: it is a bug in the screen, not a missing chunk.
 */
class ScreenLoadBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    if (error instanceof ScreenLoadError) return { error };
    throw error;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (error instanceof ScreenLoadError) console.warn(error.message, info.componentStack ?? '');
  }

  override componentDidUpdate(prev: BoundaryProps): void {
    // Back from away: the server answers again, so the chunk may load now.
    if (prev.away && !this.props.away && this.state.error) this.retry();
  }

  retry = (): void => {
    forgetScreenFailures();
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className="screen-load-failed" role="alert" data-testid="screen-load-failed" data-screen={error.screen}>
          <p>
            <strong>Could not load this screen.</strong> The Kubedeck server did not send its code ({error.cause instanceof Error ? error.cause.message : 'no answer'}).
          </p>
          <button type="button" className="button primary" onClick={this.retry} data-testid="screen-retry">
            Retry
          </button>
        </div>
      );
    }
    return (
      <Suspense key={attempt} fallback={<ScreenLoading />}>
        {this.props.children}
      </Suspense>
    );
  }
}

/** ScreenFrame wraps the current screen; give it a key per screen so a new screen starts without the last one's error. */
export function ScreenFrame({ children }: { children: ReactNode }) {
  const away = useClusterAway();
  return <ScreenLoadBoundary away={away}>{children}</ScreenLoadBoundary>;
}
