/** Every kubectl command for the object's actions, ready to copy (for people learning kubectl). */
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { readCommands } from '../../lib/actions/screen-command';
import { ACTION_LABELS, actionsFor, targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';

/** CopyKubectlDialog lists the commands; each has its own copy button. */
export function CopyKubectlDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  return (
    <Modal
      title={`kubectl for ${targetLabel(target)}`}
      onClose={onClose}
      testId="copy-kubectl-dialog"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="command-list">
        {readCommands(target).map((c) => (
          <div key={c.label}>
            <dt>{c.label}</dt>
            <dd>
              <CopyCommand command={c.command} />
            </dd>
          </div>
        ))}
        {actionsFor(target.kind, target.virtual)
          .filter((a) => a !== 'copy-kubectl')
          .map((a) => (
            <div key={a}>
              <dt>{ACTION_LABELS[a]}</dt>
              <dd>
                <CopyCommand command={kubectlCommand(a, target, a === 'scale' ? { replicas: 3 } : {})} />
              </dd>
            </div>
          ))}
      </dl>
    </Modal>
  );
}
