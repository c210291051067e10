/** FlowDiagram: the components of the control loop as boxes, with the arrows of the frame being played lit. */
import type { FlowComponent } from '../../../../shared/api/timeline';
import { COMPONENT_LABELS, type FlowFrame } from '../../lib/k8s/timeline';

const W = 170;
const H = 54;
/** Box centres on an 820 × 300 canvas: the client left, API server and store in the middle, the components that watch on the right. */
const CENTRES: Record<FlowComponent, [number, number]> = {
  client: [100, 150],
  apiserver: [390, 150],
  store: [390, 260],
  controllers: [700, 45],
  scheduler: [700, 150],
  kubelet: [700, 255],
};
const ORDER: FlowComponent[] = ['client', 'apiserver', 'store', 'controllers', 'scheduler', 'kubelet'];

/** edgePoint is where the segment from box a's centre towards b leaves box a. */
function edgePoint(a: [number, number], b: [number, number]): [number, number] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.min(dx === 0 ? Infinity : W / 2 / Math.abs(dx), dy === 0 ? Infinity : H / 2 / Math.abs(dy));
  return [a[0] + dx * t, a[1] + dy * t];
}

/** FlowDiagram draws the boxes and the frame's arrows. */
export function FlowDiagram({ frame, revision }: { frame: FlowFrame | undefined; revision?: number }) {
  const lit = new Set(frame?.lit ?? []);
  return (
    <figure className="flow" data-testid="flow-diagram">
      <svg viewBox="0 0 820 300" role="img" aria-label="The control loop's components">
        <defs>
          <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="flow-arrowhead" />
          </marker>
        </defs>
        {ORDER.map((c) => {
          const [x, y] = CENTRES[c];
          return (
            <g key={c} className={lit.has(c) ? 'flow-box lit' : 'flow-box'} data-testid={`flow-box-${c}`} data-lit={lit.has(c) || undefined}>
              <rect x={x - W / 2} y={y - H / 2} width={W} height={H} rx={8} />
              <text x={x} y={c === 'store' && revision ? y - 4 : y + 5} textAnchor="middle">
                {COMPONENT_LABELS[c]}
              </text>
              {c === 'store' && revision ? (
                <text x={x} y={y + 16} textAnchor="middle" className="flow-rev">
                  revision {revision}
                </text>
              ) : null}
            </g>
          );
        })}
        {(frame?.arrows ?? []).map((a) => {
          const from = edgePoint(CENTRES[a.from], CENTRES[a.to]);
          const to = edgePoint(CENTRES[a.to], CENTRES[a.from]);
          const mid: [number, number] = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
          // A label beside a steep arrow, above a flat one, never across the line.
          const steep = Math.abs(to[1] - from[1]) > Math.abs(to[0] - from[0]);
          return (
            <g key={`${a.from}-${a.to}`} className="flow-edge" data-testid="flow-arrow" data-from={a.from} data-to={a.to}>
              <line x1={from[0]} y1={from[1]} x2={to[0]} y2={to[1]} markerEnd="url(#flow-arrow)" />
              <text x={steep ? mid[0] + 10 : mid[0]} y={steep ? mid[1] + 4 : mid[1] - 8} textAnchor={steep ? 'start' : 'middle'}>
                {a.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flow-caption" data-testid="flow-caption">
        {frame?.caption ?? 'Waiting for the first step…'}
      </figcaption>
    </figure>
  );
}
