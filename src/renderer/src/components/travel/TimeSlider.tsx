/**
 * The time slider above Overview, Workloads and Pods: move back over the
 * store's revisions and the screen re-renders as the cluster was then,
 * read-only and marked "Viewing revision N at 14:03:12"; Live returns to the
 * present. A revision can also be typed (e.g. a resourceVersion kubectl
 * printed).
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { k8sKeys } from '../../lib/k8s/query-keys';
import {
  ascending,
  backToLive,
  changeAt,
  describeChange,
  fetchRevisions,
  formatClock,
  stepAt,
  travelLabel,
  travelTo,
  useTravelTarget,
} from '../../lib/k8s/time-travel';
import { formatDuration } from '../../../../shared/api/revision-history';
import './time-slider.css';

/** The slider's reach: the newest revisions of the window (older ones can be typed in). */
const STEPS = 2000;
/** How often the steps are refreshed while the slider is open. */
const REFRESH_MS = 5000;
/** A slider dragged or stepped with the keyboard settles this long before the lists are read. */
const SETTLE_MS = 200;

/** Whether the slider was left open: it stays open from one screen to the next. */
let leftOpen = false;

/** TimeSlider is the bar that opens time travel and shows where the view is. */
export function TimeSlider() {
  const target = useTravelTarget();
  const [open, setOpenState] = useState(leftOpen || target !== undefined);
  const setOpen = (v: boolean) => {
    leftOpen = v;
    setOpenState(v);
  };
  const history = useQuery({
    queryKey: k8sKeys.revisions,
    queryFn: ({ signal }) => fetchRevisions(STEPS, undefined, signal),
    enabled: open,
    refetchInterval: open ? REFRESH_MS : false,
    refetchOnWindowFocus: false,
    retry: 2,
  });
  const steps = ascending(history.data);
  // The step under the thumb moves at once; the lists follow once it settles.
  const [pending, setPending] = useState<number>();
  const settle = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(settle.current), []);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string>();

  if (!open) {
    return (
      <div className="time-slider closed" data-testid="time-slider">
        <button type="button" className="button small-button" data-testid="travel-open" onClick={() => setOpen(true)} title="Go back over the store's history">
          Time travel
        </button>
      </div>
    );
  }

  const last = steps.length - 1;
  const shown = pending ?? (target ? stepAt(steps, target.revision) : last);
  const step = steps[shown];
  const move = (i: number) => {
    setPending(i);
    clearTimeout(settle.current);
    settle.current = setTimeout(() => {
      setPending(undefined);
      const s = steps[i];
      if (s) travelTo({ revision: s.revision, change: s });
    }, SETTLE_MS);
  };
  const live = () => {
    clearTimeout(settle.current);
    setPending(undefined);
    backToLive();
  };
  const goTo = async () => {
    const revision = Number(typed);
    if (!Number.isSafeInteger(revision) || revision < 1) {
      setTypedError('a revision is a whole number');
      return;
    }
    setTypedError(undefined);
    try {
      const change = await changeAt(revision);
      travelTo(change ? { revision, change } : { revision });
    } catch (err) {
      setTypedError((err as Error).message);
    }
  };
  const oldest = steps[0];
  const data = history.data;

  return (
    <section className={`time-slider card${target ? ' travelling' : ''}`} data-testid="time-slider" data-travelling={target !== undefined} aria-label="Time travel">
      <div className="time-slider-head">
        {target ? (
          <strong className="travel-mark" data-testid="travel-label" data-revision={target.revision} role="status">
            {travelLabel(target)} · read-only
          </strong>
        ) : (
          <strong className="live-mark" data-testid="travel-label" role="status">
            Live
          </strong>
        )}
        {target?.change ? (
          <span className="muted small" data-testid="travel-change">
            {describeChange(target.change)}
          </span>
        ) : null}
        <span className="time-slider-actions">
          <button type="button" className="button small-button" data-testid="travel-live" disabled={!target} onClick={live}>
            Live
          </button>
          <button
            type="button"
            className="button small-button"
            data-testid="travel-close"
            onClick={() => {
              live();
              setOpen(false);
            }}
          >
            Close
          </button>
        </span>
      </div>
      {history.error ? (
        <p className="error-text" role="alert">
          {(history.error as Error).message}
        </p>
      ) : null}
      {steps.length > 0 ? (
        <div className="time-slider-track">
          <span className="muted small" data-testid="travel-oldest">
            {oldest ? formatClock(oldest.time) : ''}
          </span>
          <input
            type="range"
            min={0}
            max={last}
            step={1}
            value={shown}
            data-testid="travel-slider"
            data-revision={step?.revision}
            aria-label="Revision"
            aria-valuetext={step ? `revision ${step.revision} at ${formatClock(step.time)}` : undefined}
            onChange={(e) => move(Number(e.target.value))}
          />
          <span className="muted small">{step ? `rev ${step.revision} · ${formatClock(step.time)}` : ''}</span>
        </div>
      ) : (
        <p className="muted small">{history.isLoading ? 'Reading the history…' : 'No writes recorded yet.'}</p>
      )}
      <form
        className="time-slider-goto"
        onSubmit={(e) => {
          e.preventDefault();
          void goTo();
        }}
      >
        <label className="muted small">
          Revision{' '}
          <input type="text" inputMode="numeric" size={8} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="travel-revision-input" aria-label="Go to revision" />
        </label>
        <button type="submit" className="button small-button" data-testid="travel-go">
          Go
        </button>
        {typedError ? (
          <span className="error-text" role="alert">
            {typedError}
          </span>
        ) : null}
        {data ? (
          <span className="muted small" data-testid="travel-window">
            history kept: {formatDuration(data.windowSeconds * 1000)} or {data.maxRevisions.toLocaleString()} revisions; oldest readable revision {data.oldestRevision || 1}
          </span>
        ) : null}
      </form>
    </section>
  );
}
