/** Delete any object with a propagation choice and grace period; force-delete a stuck pod (grace 0). */
import { useState } from 'react';
import { kubectlCommand, type ActionParams } from '../../lib/actions/kubectl-command';
import { deleteObject } from '../../lib/actions/requests';
import { targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { ActionResult, errorMessage, type Outcome } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';

type Propagation = NonNullable<ActionParams['propagation']>;

const PROPAGATION_HELP: Record<Propagation, string> = {
  Background: 'delete now; the garbage collector removes dependents afterwards (kubectl default)',
  Foreground: 'dependents are deleted first; the object goes last',
  Orphan: 'keep the dependents (they lose their owner)',
};

/** DeleteDialog confirms and sends DELETE with DeleteOptions. */
export function DeleteDialog({ target, force, onClose }: { target: ActionTarget; force: boolean; onClose: () => void }) {
  const [propagation, setPropagation] = useState<Propagation>('Background');
  const [grace, setGrace] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const params: ActionParams = force ? { gracePeriodSeconds: 0 } : { propagation, ...(grace.trim() !== '' ? { gracePeriodSeconds: Number(grace) } : {}) };
  const graceInvalid = !force && grace.trim() !== '' && !(Number.isInteger(Number(grace)) && Number(grace) >= 0);
  const confirm = () => {
    setOutcome({ state: 'working' });
    deleteObject(target, force ? { gracePeriodSeconds: 0, propagation: 'Background' } : params)
      .then(() => setOutcome({ state: 'done', message: `${targetLabel(target)} deleted` }))
      .catch((err: unknown) => setOutcome({ state: 'error', message: errorMessage(err) }));
  };
  const done = outcome.state === 'done';
  return (
    <Modal
      title={`${force ? 'Force delete' : 'Delete'} ${targetLabel(target)}`}
      onClose={onClose}
      testId="delete-dialog"
      busy={outcome.state === 'working'}
      footer={
        <>
          {!done ? (
            <button type="button" className="button danger" onClick={confirm} disabled={outcome.state === 'working' || graceInvalid} data-testid="delete-confirm">
              {force ? 'Force delete' : 'Delete'}
            </button>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
        </>
      }
    >
      {force ? (
        <p className="error-text">
          Force deletion removes the pod from the API at once, without waiting for the kubelet to confirm its containers stopped. Use it for a pod stuck in Terminating.
        </p>
      ) : (
        <>
          <fieldset className="radio-group">
            <legend>Dependents (propagation policy)</legend>
            {(['Background', 'Foreground', 'Orphan'] as const).map((p) => (
              <label key={p} className="checkbox">
                <input type="radio" name="propagation" value={p} checked={propagation === p} onChange={() => setPropagation(p)} data-testid={`propagation-${p}`} />
                <b>{p}</b> <span className="muted small">{PROPAGATION_HELP[p]}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            Grace period (seconds, empty = the object's default)
            <input type="number" min={0} value={grace} onChange={(e) => setGrace(e.target.value)} data-testid="delete-grace" aria-invalid={graceInvalid} />
          </label>
        </>
      )}
      <ActionResult outcome={outcome} />
      <CopyCommand command={kubectlCommand(force ? 'force-delete' : 'delete', target, params)} />
    </Modal>
  );
}
