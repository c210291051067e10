/**
 * ScreenFrame shows the current screen inside the layout: a quiet placeholder
 * while its chunk loads (the header and sidebar stay), and, when the chunk
 * could not be loaded, a clear message with a retry instead of a blank app.
 * The load is retried by the button, and by itself when the cluster answers
 * again after being away.
 */
import type { ReactNode } from 'react';
import { useClusterAway } from '../components/layout/ClusterAway';
import { causeText, ChunkLoadBoundary } from './ChunkLoadBoundary';
import './screen-frame.css';

function ScreenLoading() {
  return (
    <div className="screen-loading" data-testid="screen-loading" aria-busy="true">
      <p className="state muted">Loading…</p>
    </div>
  );
}

/** ScreenFrame wraps the current screen; give it a key per screen so a new screen starts without the last one's error. */
export function ScreenFrame({ children }: { children: ReactNode }) {
  const away = useClusterAway();
  return (
    <ChunkLoadBoundary
      away={away}
      fallback={<ScreenLoading />}
      failed={(error, retry) => (
        <div className="screen-load-failed" role="alert" data-testid="screen-load-failed" data-screen={error.screen}>
          <p>
            <strong>Could not load this screen.</strong> The Kubedeck server did not send its code ({causeText(error)}).
          </p>
          <button type="button" className="button primary" onClick={retry} data-testid="screen-retry">
            Retry
          </button>
        </div>
      )}
    >
      {children}
    </ChunkLoadBoundary>
  );
}
