/** The field manager a write is recorded under when the request names none. */
import { APP_USER, currentRequest } from '../audit/context';

const COMPONENT_PREFIX = 'kubedeck/';

/**
 * defaultManagerName is the manager of a write without ?fieldManager=: the
 * app's own requests are `kubedeck-app`; an in-process component
 * (user agent `kubedeck/<name>`) goes by its name; any other client by its
 * user agent's product, as Kubernetes takes it (`kubectl/v1.32 …` → `kubectl`).
 */
export function defaultManagerName(): string {
  const req = currentRequest();
  if (req?.user.username === APP_USER) return APP_USER;
  const ua = req?.userAgent ?? '';
  if (ua.startsWith(COMPONENT_PREFIX) && ua.length > COMPONENT_PREFIX.length) return ua.slice(COMPONENT_PREFIX.length, COMPONENT_PREFIX.length + 128);
  return ua.split('/')[0]!.slice(0, 128) || 'kubedeck';
}
