/** A banner naming each paused component, what it leaves undone, and a button that resumes it. */
import { useState } from 'react';
import type { PausableComponent } from '../../../../shared/api/component-pause';
import { isOwnCluster } from '../../lib/k8s/context';
import { componentLabel, pauseConsequence, setComponentPaused, usePauseState } from '../../lib/k8s/component-pause';
import { useReadOnly } from '../../lib/k8s/time-travel';

/** PausedBanner shows the paused components among `only` (all when omitted); nothing when none is paused. */
export function PausedBanner({ only }: { only?: (c: PausableComponent) => boolean }) {
  const state = usePauseState();
  const shown = isOwnCluster() ? state.paused.filter((c) => !only || only(c)) : [];
  if (shown.length === 0) return null;
  return (
    <div className="paused-banner" role="status" data-testid="paused-banner">
      {shown.map((c) => (
        <p key={c} data-testid="paused-component" data-component={c}>
          <strong>{capitalise(componentLabel(c))} is paused:</strong> {pauseConsequence(c)} <ResumeButton component={c} />
        </p>
      ))}
    </div>
  );
}

/** ResumeButton resumes one component. */
export function ResumeButton({ component }: { component: PausableComponent }) {
  return <PauseToggle component={component} paused />;
}

/** PauseToggle pauses a running component or resumes a paused one, and shows the error if the request fails. */
export function PauseToggle({ component, paused }: { component: PausableComponent; paused: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // A past revision (time travel) is read-only.
  const readOnly = useReadOnly();
  const label = `${paused ? 'Resume' : 'Pause'} ${componentLabel(component)}`;
  return (
    <>
      <button
        type="button"
        className="button small-button"
        data-testid={paused ? 'resume-component' : 'pause-component'}
        aria-label={label}
        title={readOnly ? 'Read-only: viewing a past revision' : label}
        disabled={busy || readOnly}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          setComponentPaused(component, !paused)
            .catch((err: unknown) => setError((err as Error).message))
            .finally(() => setBusy(false));
        }}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
      {error ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
