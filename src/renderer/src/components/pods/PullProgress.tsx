/**
 * The image pull of a pod, where the pod is shown: a progress bar with bytes
 * and layers while the kubelet pulls (Pods table, Overview tile, Pod detail),
 * and the registry's message once a pull has failed.
 */
import type { Pod } from '../../../../shared/api/core';
import { pullBarValue, pullFailure } from '../../lib/k8s/image-pull';
import './pull-progress.css';

/**
 * PullBar is a role=progressbar of the pod's pull in progress (nothing when
 * none): aria-valuenow is the percent of the bytes whose size is known,
 * absent (indeterminate) until Docker has announced the layer sizes.
 * `compact` fits a table cell or a tile.
 */
export function PullBar({ pod, compact = false }: { pod: Pod; compact?: boolean }) {
  const v = pullBarValue(pod);
  if (!v) return null;
  const { progress: p, percent } = v;
  const words = [percent !== undefined ? `${percent}%` : 'starting', v.bytes, v.layers].filter(Boolean).join(', ');
  return (
    <div className={`pull-bar${compact ? ' pull-bar-compact' : ''}`} data-testid="pull-progress" data-image={p.image} data-bytes={p.currentBytes ?? 0} data-total-bytes={p.totalBytes ?? 0} title={`Pulling ${p.image}: ${words}`}>
      {compact ? null : (
        <div className="pull-bar-label">
          <span>
            Pulling <span className="mono">{p.image}</span>
          </span>
          <span className="muted">{p.status}</span>
        </div>
      )}
      <div
        className={`bar pull-bar-track${percent === undefined ? ' pull-bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label={`Pulling ${p.image}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={words}
      >
        <div className="bar-fill pull-bar-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
      <div className="pull-bar-text muted" data-testid="pull-progress-text">
        {percent !== undefined ? <strong>{percent}%</strong> : 'starting'}
        {v.bytes ? <span data-testid="pull-bytes"> · {v.bytes}</span> : null}
        {v.layers ? <span data-testid="pull-layers"> · {v.layers}</span> : null}
      </div>
    </div>
  );
}

/** PullFailureNote says which image could not be pulled and what the registry answered; nothing when pulls are fine. */
export function PullFailureNote({ pod, compact = false }: { pod: Pod; compact?: boolean }) {
  const f = pullFailure(pod);
  if (!f) return null;
  if (compact) {
    return (
      <div className="pull-error-line" data-testid="pull-error" title={`${f.image}: ${f.message}`}>
        {f.message}
      </div>
    );
  }
  return (
    <section className="card pull-error" data-testid="pull-error" role="alert">
      <h2>
        Image pull failed: <span data-testid="pull-error-reason">{f.reason}</span>
      </h2>
      <p>
        Container <strong>{f.container}</strong> needs <span className="mono">{f.image}</span>. The registry answered:
      </p>
      <pre className="pull-error-message" data-testid="pull-error-message">
        {f.message || '(no message)'}
      </pre>
      {f.reason === 'ImagePullBackOff' || f.reason === 'ErrImagePull' ? (
        <p className="muted small">The kubelet retries with a growing back-off (up to 5 minutes). Fix the image name or tag, or push the image, and the next retry picks it up.</p>
      ) : null}
    </section>
  );
}
