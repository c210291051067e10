/** Ages as kubectl prints them ("45s", "3m12s", "5h", "2d"): the same function the API server's tables use. */
import { translateTimestampSince } from '../../../../shared/api/printing';

/** formatAge renders the time since `timestamp` the way kubectl's AGE column does. */
export function formatAge(timestamp: string | undefined, now: number = Date.now()): string {
  return translateTimestampSince(timestamp, new Date(now));
}
