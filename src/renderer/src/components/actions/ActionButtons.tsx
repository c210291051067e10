/** A row of action buttons for one object; each button's accessible name says what it does to what. */
import { ACTION_LABELS, actionsFor, targetLabel, type ActionId, type ActionTarget } from '../../lib/actions/targets';
import { useActions } from './ActionContext';
import { useReadOnly } from '../../lib/k8s/time-travel';

/** ActionButtons offers every action of the target's kind (or the given subset). */
export function ActionButtons({ target, only }: { target: ActionTarget; only?: readonly ActionId[] }) {
  const { run } = useActions();
  // A past revision (time travel) is read-only.
  const readOnly = useReadOnly();
  const ids = actionsFor(target.kind, target.virtual).filter((a) => !only || only.includes(a));
  return (
    <div className="action-buttons" role="group" aria-label={`Actions on ${targetLabel(target)}`}>
      {ids.map((id) => (
        <button
          key={id}
          type="button"
          className="button small-button"
          data-testid={`action-${id}`}
          aria-label={`${ACTION_LABELS[id]} ${targetLabel(target)}`}
          disabled={readOnly && id !== 'copy-kubectl'}
          title={readOnly && id !== 'copy-kubectl' ? 'Read-only: viewing a past revision' : undefined}
          onClick={() => run(id, target)}
        >
          {ACTION_LABELS[id]}
        </button>
      ))}
    </div>
  );
}
