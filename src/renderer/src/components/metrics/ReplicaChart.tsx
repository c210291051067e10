/**
 * Desired and current replicas of an autoscaled workload over time, as two
 * step lines; each sample is a dot and each rescale event a dashed marker
 * labelled with the new size.
 */
import { stepPath, type ReplicaChartData } from '../../lib/k8s/replica-history';

const W = 520;
const H = 90;
const PAD = 14;

export function ReplicaChart({ data }: { data: ReplicaChartData }) {
  const { from, to, top } = data;
  const x = (t: number) => PAD + ((t - from) / Math.max(1, to - from)) * (W - 2 * PAD);
  const y = (v: number) => PAD + (H - 2 * PAD) - (v / top) * (H - 2 * PAD);
  const minutes = Math.max(1, Math.round((to - from) / 60_000));
  return (
    <figure className="replica-chart" data-testid="replica-chart">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Desired and current replicas over the last ${minutes} min`}>
        <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} stroke="currentColor" opacity={0.25} />
        <line x1={PAD} x2={W - PAD} y1={y(top)} y2={y(top)} stroke="currentColor" opacity={0.1} />
        <text x={2} y={y(top) + 4} fontSize={9} fill="currentColor" opacity={0.6}>
          {top}
        </text>
        <text x={2} y={y(0) + 3} fontSize={9} fill="currentColor" opacity={0.6}>
          0
        </text>
        {data.events.map((e) => (
          <g key={`${e.t}-${e.size}`} data-testid="scale-event" data-size={e.size} data-reason={e.reason}>
            <title>{`${new Date(e.t).toLocaleTimeString()}: new size ${e.size} (${e.reason})`}</title>
            <line x1={x(e.t)} x2={x(e.t)} y1={PAD - 4} y2={y(0)} stroke="var(--progress)" strokeDasharray="3 2" />
            <text x={x(e.t) + 2} y={PAD - 5} fontSize={9} fill="var(--progress)">
              →{e.size}
            </text>
          </g>
        ))}
        <g transform={`translate(${PAD} ${PAD})`}>
          <polyline className="replica-desired" points={stepPath(data.desired, from, to, top, W - 2 * PAD, H - 2 * PAD)} fill="none" stroke="var(--accent)" strokeWidth={2} />
          <polyline className="replica-current" points={stepPath(data.current, from, to, top, W - 2 * PAD, H - 2 * PAD)} fill="none" stroke="var(--ok)" strokeWidth={1.5} strokeDasharray="4 2" />
        </g>
        {data.samples.map((s) => (
          <circle key={s.t} data-testid="replica-point" data-desired={s.desired} data-current={s.current} cx={x(s.t)} cy={y(s.current)} r={2.5} fill="var(--ok)">
            <title>{`${new Date(s.t).toLocaleTimeString()}: ${s.current} current, ${s.desired} desired`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="muted">
        <span style={{ color: 'var(--accent)' }}>━ desired</span> <span style={{ color: 'var(--ok)' }}>╍ current</span> <span style={{ color: 'var(--progress)' }}>┆ rescale</span> · last {minutes} min
      </figcaption>
    </figure>
  );
}
