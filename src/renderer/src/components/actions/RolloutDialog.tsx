/** Rollout history of a Deployment (revision, change-cause, images) and undo to a chosen revision. */
import { useState } from 'react';
import type { Deployment, ReplicaSet } from '../../../../shared/api/apps';
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { patchObject } from '../../lib/actions/requests';
import { currentRevision, rolloutHistory, undoPlan } from '../../lib/actions/rollout';
import { targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { REPLICASET_GVR } from '../../lib/k8s/replicaset';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { ActionResult, errorMessage, type Outcome } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';
import { useLiveObject } from './use-live-object';

/** RolloutDialog lists revisions; choosing one and confirming rolls back as kubectl rollout undo does. */
export function RolloutDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  const { obj: deployment } = useLiveObject<Deployment>(target);
  const replicaSets = useListWatch<ReplicaSet>(REPLICASET_GVR, target.namespace);
  const history = deployment ? rolloutHistory(deployment, replicaSets.items) : [];
  const current = currentRevision(history);
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const undo = () => {
    if (!deployment || chosen === undefined) return;
    const plan = undoPlan(deployment, replicaSets.items, chosen);
    setConfirming(false);
    if ('error' in plan) return setOutcome({ state: 'error', message: plan.error });
    if ('skipped' in plan) return setOutcome({ state: 'done', message: `${targetLabel(target)} ${plan.skipped}` });
    setOutcome({ state: 'working' });
    patchObject(target, plan.patch)
      .then(() => setOutcome({ state: 'done', message: `${targetLabel(target)} rolled back to revision ${plan.revision}` }))
      .catch((err: unknown) => setOutcome({ state: 'error', message: errorMessage(err) }));
  };
  return (
    <Modal
      title={`Rollout history of ${targetLabel(target)}`}
      onClose={onClose}
      testId="rollout-dialog"
      wide
      footer={
        <>
          {confirming ? (
            <button type="button" className="button danger" onClick={undo} data-testid="undo-confirm">
              Yes, roll back to revision {chosen}
            </button>
          ) : (
            <button type="button" className="button primary" onClick={() => setConfirming(true)} disabled={chosen === undefined || chosen === current} data-testid="undo-button">
              Undo to revision {chosen ?? '…'}
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {history.length === 0 ? <p className="muted">No revisions yet.</p> : null}
      <table className="table" aria-label="Revisions">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Change cause</th>
            <th>Images</th>
            <th>ReplicaSet</th>
            <th className="num">Pods</th>
          </tr>
        </thead>
        <tbody>
          {[...history].reverse().map((r) => (
            <tr key={r.revision} data-testid="revision-row" data-revision={r.revision} aria-selected={chosen === r.revision} className={chosen === r.revision ? 'selected' : undefined}>
              <td>
                <label className="checkbox">
                  <input
                    type="radio"
                    name="revision"
                    checked={chosen === r.revision}
                    onChange={() => {
                      setChosen(r.revision);
                      setConfirming(false);
                    }}
                    aria-label={`Revision ${r.revision}${r.revision === current ? ' (current)' : ''}`}
                    data-testid={`revision-${r.revision}`}
                  />
                  {r.revision}
                  {r.revision === current ? <span className="badge tone-ok">current</span> : null}
                </label>
              </td>
              <td>{r.changeCause || <span className="muted">&lt;none&gt;</span>}</td>
              <td className="mono">{r.images.join(', ')}</td>
              <td className="mono small">{r.replicaSet}</td>
              <td className="num">{r.replicas}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {deployment?.spec?.paused ? <p className="error-text">This Deployment is paused: resume it before undoing.</p> : null}
      <ActionResult outcome={outcome} />
      <CopyCommand command={kubectlCommand('undo', target, chosen !== undefined ? { toRevision: chosen } : {})} />
    </Modal>
  );
}
