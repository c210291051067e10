/** The field manager a write is recorded under when the request names none. */
import { currentRequest } from '../audit/context';

/**
 * defaultManagerName is the manager of a write without ?fieldManager=: the
 * user agent's product, as Kubernetes takes it (`kubectl/v1.32 …` →
 * `kubectl`); an in-process component (`kubedeck/<name>`) by its own name.
 */
export function defaultManagerName(): string {
  const ua = currentRequest()?.userAgent ?? '';
  if (ua.startsWith('kubedeck/') && ua.length > 'kubedeck/'.length) return ua.slice('kubedeck/'.length, 128 + 'kubedeck/'.length);
  return ua.split('/')[0]!.slice(0, 128) || 'kubedeck';
}
