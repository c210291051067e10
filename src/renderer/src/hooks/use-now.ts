/**
 * useNow re-renders every `ms` so ages stay current (a clock tick, not API
 * polling); while the cluster is away ages freeze at the last contact, and
 * on a screen showing a past revision (time travel) they are ages as of
 * that revision's commit.
 */
import { useEffect, useState } from 'react';
import { isAway, lastContactTime } from '../lib/k8s/connection-state';
import { useConnectionState } from '../lib/k8s/use-list-watch';
import { useTravelRevision, useTravelTarget } from '../lib/k8s/time-travel';

export function useNow(ms = 1000): number {
  const away = isAway(useConnectionState());
  const now = useTicking(ms);
  const travelling = useTravelRevision() !== undefined;
  const past = useTravelTarget()?.change?.time;
  if (travelling && past) return Date.parse(past);
  return away ? lastContactTime() : now;
}

function useTicking(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
