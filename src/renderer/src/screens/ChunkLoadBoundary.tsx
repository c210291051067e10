/**
 * ChunkLoadBoundary catches the failed load of a chunk under it (a
 * ScreenLoadError from a lazyScreen) and shows what `failed` renders, with a
 * retry; any other error is passed on unchanged (a bug, not a missing chunk).
 * A retry forgets the failures and mounts the children afresh; with `away`,
 * the boundary also retries by itself when the cluster answers again.
 */
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { forgetScreenFailures, ScreenLoadError } from './lazy-screen';

interface Props {
  /** The cluster is away: when it turns false again, a failed load is retried. */
  away?: boolean;
  /** What shows while the chunk loads. */
  fallback: ReactNode;
  /** What shows when the chunk could not be loaded. */
  failed: (error: ScreenLoadError, retry: () => void) => ReactNode;
  children: ReactNode;
}

interface State {
  error: ScreenLoadError | null;
  /** Bumped on a retry so the children mount afresh. */
  attempt: number;
}

/** ChunkLoadBoundary: see the file comment. */
export class ChunkLoadBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    if (error instanceof ScreenLoadError) return { error };
    throw error;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (error instanceof ScreenLoadError) console.warn(error.message, info.componentStack ?? '');
  }

  override componentDidUpdate(prev: Props): void {
    // Back from away: the server answers again, so the chunk may load now.
    if (prev.away && !this.props.away && this.state.error) this.retry();
  }

  retry = (): void => {
    forgetScreenFailures();
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) return this.props.failed(error, this.retry);
    return (
      <Suspense key={attempt} fallback={this.props.fallback}>
        {this.props.children}
      </Suspense>
    );
  }
}

/** causeText says why a chunk did not come (for the failure messages). */
export function causeText(error: ScreenLoadError): string {
  return error.cause instanceof Error ? error.cause.message : 'no answer';
}
