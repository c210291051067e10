/**
 * The control loop's switches: pause or resume the scheduler, the controller
 * manager and each node's kubelet, to watch desired and actual state drift
 * apart and converge again on resume. The same switch as
 * `kubectl annotate namespace kube-system kubedeck.io/pause-scheduler=true`.
 */
import type { PausableComponent } from '../../../../shared/api/component-pause';
import { isOwnCluster } from '../../lib/k8s/context';
import type { Node } from '../../../../shared/api/core';
import { usePauseState } from '../../lib/k8s/component-pause';
import { PauseToggle } from './PausedBanner';

const WHAT: Record<string, string> = {
  scheduler: 'Scheduler',
  'controller-manager': 'Controller manager',
};

/** ComponentSwitches lists the pausable components with their state and a toggle each. */
export function ComponentSwitches({ nodes }: { nodes: readonly Node[] }) {
  const state = usePauseState();
  // Pausing is Kubedeck's own (kube-system annotations its components follow): not offered for other clusters.
  if (!isOwnCluster()) return null;
  const components: PausableComponent[] = [
    'scheduler',
    'controller-manager',
    ...nodes
      .map((n) => n.metadata.name ?? '')
      .sort()
      .map((n): PausableComponent => `kubelet/${n}`),
  ];
  return (
    <section className="card component-switches" data-testid="component-switches" aria-label="Control plane components">
      <header className="card-header">
        <h2>Components</h2>
        <span className="muted">pause one to watch the loop stop, resume to watch it converge</span>
      </header>
      <ul>
        {components.map((c) => {
          const paused = state.isPaused(c);
          return (
            <li key={c} data-testid="component-switch" data-component={c} data-paused={paused}>
              <span className="component-name">{WHAT[c] ?? `Kubelet on ${c.slice('kubelet/'.length)}`}</span>{' '}
              <span className={paused ? 'status-paused' : 'muted'}>{paused ? 'paused' : 'running'}</span> <PauseToggle component={c} paused={paused} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
