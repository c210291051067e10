/** The outcome line of an action: working, done (what it did), or the server's error. */
export type Outcome = { state: 'idle' } | { state: 'working' } | { state: 'done'; message: string } | { state: 'error'; message: string };

/** ActionResult renders an Outcome in a live region so screen readers hear it. */
export function ActionResult({ outcome }: { outcome: Outcome }) {
  return (
    <p role="status" aria-live="polite" data-testid="action-result" data-state={outcome.state} className={outcome.state === 'error' ? 'error-text' : outcome.state === 'done' ? 'ok-text' : 'muted'}>
      {outcome.state === 'working' ? 'Working…' : outcome.state === 'done' || outcome.state === 'error' ? outcome.message : ''}
    </p>
  );
}

/** errorMessage is the text of whatever was thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
