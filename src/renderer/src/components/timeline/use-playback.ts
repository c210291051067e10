/** usePlayback: the flow diagram's cursor, one phase at a time over the steps known so far (new steps extend the play). */
import { useEffect, useState } from 'react';
import { PHASES } from '../../lib/k8s/timeline';

/** PHASE_MS is how long one phase of a step stays on screen. */
export const PHASE_MS = 450;

export interface Playback {
  /** The step on screen (-1 before the first). */
  step: number;
  phase: number;
  playing: boolean;
  atEnd: boolean;
  replay(): void;
  toggle(): void;
  skipToEnd(): void;
  /** back and forward move one phase and hold the play there. */
  back(): void;
  forward(): void;
}

/** usePlayback plays `count` steps of PHASES phases each; `enabled` false shows everything at once. */
export function usePlayback(count: number, enabled: boolean): Playback {
  const [pos, setPos] = useState(0);
  const [playing, setPlaying] = useState(true);
  const end = count * PHASES;
  const at = enabled ? Math.min(pos, end) : end;
  const atEnd = at >= end;
  useEffect(() => {
    if (!enabled || !playing || atEnd) return;
    const t = setTimeout(() => setPos((p) => p + 1), PHASE_MS);
    return () => clearTimeout(t);
  }, [enabled, playing, atEnd, at]);
  // The last phase stays on screen once the play has caught up.
  const shown = atEnd ? Math.max(0, end - 1) : at;
  return {
    step: count === 0 ? -1 : Math.floor(shown / PHASES),
    phase: shown % PHASES,
    playing: playing && !atEnd,
    atEnd,
    replay: () => {
      setPos(0);
      setPlaying(true);
    },
    toggle: () => setPlaying((p) => !p),
    // To the steps known now: later ones still play as they arrive.
    skipToEnd: () => setPos(end),
    back: () => {
      setPlaying(false);
      setPos(Math.max(0, shown - 1));
    },
    forward: () => {
      setPlaying(false);
      setPos(Math.min(end - 1, shown + 1));
    },
  };
}
