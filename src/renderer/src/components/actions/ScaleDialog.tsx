/** Scale a Deployment or ReplicaSet: a stepper on the desired count and the live desired vs actual as it converges. */
import { useState } from 'react';
import type { Deployment, ReplicaSet } from '../../../../shared/api/apps';
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { scaleObject } from '../../lib/actions/requests';
import { targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { ActionResult, errorMessage, type Outcome } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';
import { useLiveObject } from './use-live-object';

/** ScaleDialog sets spec.replicas through the scale subresource, as kubectl scale does. */
export function ScaleDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  const { obj } = useLiveObject<Deployment | ReplicaSet>(target);
  const [replicas, setReplicas] = useState<number | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const desired = obj?.spec?.replicas ?? 1;
  const value = replicas ?? desired;
  const set = (n: number) => setReplicas(Math.max(0, Math.min(1000, Math.round(n))));
  const apply = () => {
    setOutcome({ state: 'working' });
    scaleObject(target, value)
      .then(() => setOutcome({ state: 'done', message: `${targetLabel(target)} scaled` }))
      .catch((err: unknown) => setOutcome({ state: 'error', message: errorMessage(err) }));
  };
  return (
    <Modal
      title={`Scale ${targetLabel(target)}`}
      onClose={onClose}
      testId="scale-dialog"
      footer={
        <>
          <button type="button" className="button primary" onClick={apply} disabled={outcome.state === 'working'} data-testid="scale-apply">
            Scale to {value}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <div className="stepper" role="group" aria-label="Desired replicas">
        <button type="button" className="button" aria-label="Decrease replicas" onClick={() => set(value - 1)} data-testid="scale-minus">
          −
        </button>
        <input
          type="number"
          min={0}
          value={value}
          aria-label="Replicas"
          data-testid="scale-input"
          onChange={(e) => set(Number(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
          }}
        />
        <button type="button" className="button" aria-label="Increase replicas" onClick={() => set(value + 1)} data-testid="scale-plus">
          +
        </button>
      </div>
      <p className="live-counts" data-testid="scale-live" data-desired={desired} data-current={obj?.status?.replicas ?? 0} data-ready={obj?.status?.readyReplicas ?? 0}>
        Live: <b>{desired}</b> desired · <b>{obj?.status?.replicas ?? 0}</b> current · <b>{obj?.status?.readyReplicas ?? 0}</b> ready
      </p>
      <ActionResult outcome={outcome} />
      <CopyCommand command={kubectlCommand('scale', target, { replicas: value })} />
    </Modal>
  );
}
