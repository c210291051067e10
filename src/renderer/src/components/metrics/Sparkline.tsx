/** A small SVG line of a usage history, with an optional dashed line for a request or limit. */
import { sparklinePoints } from '../../lib/k8s/metrics';

export function Sparkline({ values, label, ceiling, reference, width = 120, height = 28, testId }: { values: number[]; label: string; ceiling?: number; reference?: number; width?: number; height?: number; testId?: string }) {
  const top = Math.max(ceiling ?? 0, reference ?? 0, ...values, 1e-9);
  const refY = reference !== undefined ? height - (reference / top) * height : undefined;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId} data-points={values.length}>
      {refY !== undefined && <line x1={0} x2={width} y1={refY} y2={refY} className="sparkline-ref" strokeDasharray="3 3" stroke="currentColor" opacity={0.4} />}
      <polyline points={sparklinePoints(values, width, height, top)} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
