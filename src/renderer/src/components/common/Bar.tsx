/** Horizontal bars: a usage bar (value / max) and the desired-vs-actual replica bar. */

export function UsageBar({ label, value, max, format, testId }: { label: string; value: number; max: number; format: (n: number) => string; testId?: string }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  const level = ratio > 0.9 ? 'high' : ratio > 0.7 ? 'mid' : 'low';
  return (
    <div className="usage" data-testid={testId} data-value={value} data-max={max}>
      <div className="usage-label">
        <span>{label}</span>
        <span className="muted">
          {format(value)} / {format(max)} ({Math.round(ratio * 100)}%)
        </span>
      </div>
      <div className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}>
        <div className={`bar-fill usage-${level}`} style={{ width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}

/**
 * ReplicaBar draws desired vs actual: one slot per desired (or existing)
 * replica, filled green when ready, amber when it exists but is not ready,
 * empty when it is still missing; slots beyond desired are shown as surplus.
 */
export function ReplicaBar({ desired, current, ready }: { desired: number; current: number; ready: number }) {
  const slots = Math.max(desired, current, 1);
  const cells = Array.from({ length: Math.min(slots, 50) }, (_, i) => {
    if (i < ready) return 'ready';
    if (i < current) return i < desired ? 'starting' : 'surplus';
    return 'missing';
  });
  return (
    <div className="replica-bar" aria-label={`${ready} of ${desired} ready`} title={`desired ${desired}, current ${current}, ready ${ready}`}>
      {cells.map((c, i) => (
        <span key={i} className={`slot slot-${c}`} />
      ))}
    </div>
  );
}
