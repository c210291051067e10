/** One-click actions behind a confirmation: rollout restart, pause and resume; node cordon and uncordon. */
import { useState } from 'react';
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { getObject, patchObject } from '../../lib/actions/requests';
import { refusal, simplePatch } from '../../lib/actions/patches';
import { ACTION_LABELS, targetLabel, type ActionId, type ActionTarget } from '../../lib/actions/targets';
import { ActionResult, errorMessage, type Outcome } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';

const EXPLAIN: Partial<Record<ActionId, string>> = {
  restart: 'Replaces every pod by a rolling update (sets kubectl.kubernetes.io/restartedAt on the pod template).',
  pause: 'Stops the Deployment from rolling out template changes until resumed.',
  resume: 'Lets the Deployment roll out its template again.',
  cordon: 'Marks the node unschedulable: running pods stay, new pods go elsewhere.',
  uncordon: 'Marks the node schedulable again.',
  'power-off': 'Switches the virtual node off, as a failure would: heartbeats and its containers stop; after the node monitor grace period it turns NotReady and its pods are evicted.',
  'power-on': 'Switches the virtual node back on: it heartbeats again and restarts its pods.',
};

const DONE: Partial<Record<ActionId, string>> = { restart: 'restarted', pause: 'paused', resume: 'resumed', cordon: 'cordoned', uncordon: 'uncordoned', 'power-off': 'switched off', 'power-on': 'switched on' };

/** SimpleActionDialog confirms and sends one merge patch. */
export function SimpleActionDialog({ action, target, onClose }: { action: ActionId; target: ActionTarget; onClose: () => void }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const confirm = async () => {
    setOutcome({ state: 'working' });
    try {
      // Checked against the object as it is now, as kubectl does before it patches.
      const why = refusal(action, await getObject(target));
      if (why) return setOutcome({ state: 'error', message: why });
      await patchObject(target, simplePatch(action, new Date()));
      setOutcome({ state: 'done', message: `${targetLabel(target)} ${DONE[action] ?? 'done'}` });
    } catch (err) {
      setOutcome({ state: 'error', message: errorMessage(err) });
    }
  };
  const done = outcome.state === 'done';
  return (
    <Modal
      title={`${ACTION_LABELS[action]} ${targetLabel(target)}`}
      onClose={onClose}
      testId={`${action}-dialog`}
      footer={
        <>
          {!done ? (
            <button type="button" className="button primary" onClick={() => void confirm()} disabled={outcome.state === 'working'} data-testid="action-confirm">
              {ACTION_LABELS[action]}
            </button>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
        </>
      }
    >
      <p>{EXPLAIN[action]}</p>
      <ActionResult outcome={outcome} />
      <CopyCommand command={kubectlCommand(action, target)} />
    </Modal>
  );
}
