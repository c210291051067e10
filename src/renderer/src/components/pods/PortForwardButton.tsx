import { useState } from 'react';
import { isOwnCluster } from '../../lib/k8s/context';

/** PortForward is what the UI server answers for a started forward. */
interface PortForward {
  id: string;
  url: string;
  localPort: number;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(data.message ?? `HTTP ${res.status}`);
  return data;
}

/**
 * PortForwardButton forwards a container port to 127.0.0.1 (as `kubectl
 * port-forward pod/x :port` would) through the UI server, then offers the
 * local address to open, and Stop. Kubedeck's own cluster only.
 */
export function PortForwardButton({ namespace, pod, port, running }: { namespace: string; pod: string; port: number; running: boolean }) {
  const [forward, setForward] = useState<PortForward>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!isOwnCluster()) return null;
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setForward(await call<PortForward>('POST', '/ui/port-forwards', { namespace, pod, port }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    if (!forward) return;
    await call('DELETE', `/ui/port-forwards/${forward.id}`).catch(() => undefined);
    setForward(undefined);
  };
  return (
    <span className="port-forward" data-testid="port-forward" data-port={port}>
      {forward ? (
        <>
          <a href={forward.url} target="_blank" rel="noopener noreferrer" data-testid="port-forward-link" title={`kubectl port-forward pod/${pod} ${forward.localPort}:${port}`}>
            127.0.0.1:{forward.localPort}
          </a>{' '}
          <button type="button" className="button ghost small" onClick={() => void stop()} aria-label={`Stop forwarding port ${port}`}>
            Stop
          </button>
        </>
      ) : (
        <button type="button" className="button small" disabled={!running || busy} onClick={() => void start()} aria-label={`Forward port ${port} to this computer`} data-testid="port-forward-start">
          Forward
        </button>
      )}
      {error ? (
        <span className="error-text" role="alert">
          {' '}
          {error}
        </span>
      ) : null}
    </span>
  );
}
