/** useNow re-renders every `ms` so ages stay current (a clock tick, not API polling); while the cluster is away ages freeze at the last contact. */
import { useEffect, useState } from 'react';
import { isAway, lastContactTime } from '../lib/k8s/connection-state';
import { useConnectionState } from '../lib/k8s/use-list-watch';

export function useNow(ms = 1000): number {
  const away = isAway(useConnectionState());
  const now = useTicking(ms);
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
