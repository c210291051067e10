/** A small SVG line of a usage history, with optional dashed lines for the request and the limit. */
import { sparklinePoints } from '../../lib/k8s/metrics';

export function Sparkline({ values, label, ceiling, request, limit, width = 120, height = 28, testId }: { values: number[]; label: string; ceiling?: number; request?: number; limit?: number; width?: number; height?: number; testId?: string }) {
  const top = Math.max(ceiling ?? 0, request ?? 0, limit ?? 0, ...values, 1e-9);
  const yOf = (v: number) => height - (v / top) * height;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId} data-points={values.length}>
      {request !== undefined && <line x1={0} x2={width} y1={yOf(request)} y2={yOf(request)} className="sparkline-request" strokeDasharray="3 3" stroke="var(--accent)" opacity={0.7} data-testid="sparkline-request" />}
      {limit !== undefined && <line x1={0} x2={width} y1={Math.max(0.5, yOf(limit))} y2={Math.max(0.5, yOf(limit))} className="sparkline-limit" strokeDasharray="1 2" stroke="var(--error)" opacity={0.8} data-testid="sparkline-limit" />}
      <polyline points={sparklinePoints(values, width, height, top)} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
