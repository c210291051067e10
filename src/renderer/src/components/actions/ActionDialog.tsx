/** Chooses the dialog of an action. */
import type { ActionId, ActionTarget } from '../../lib/actions/targets';
import { CopyKubectlDialog } from './CopyKubectlDialog';
import { DeleteDialog } from './DeleteDialog';
import { DrainDialog } from './DrainDialog';
import { EditYamlDialog } from './EditYamlDialog';
import { RolloutDialog } from './RolloutDialog';
import { ScaleDialog } from './ScaleDialog';
import { SimpleActionDialog } from './SimpleActionDialog';

/** ActionDialog renders the dialog for one action request. */
export function ActionDialog({ action, target, onClose }: { action: ActionId; target: ActionTarget; onClose: () => void }) {
  switch (action) {
    case 'scale':
      return <ScaleDialog target={target} onClose={onClose} />;
    case 'delete':
    case 'force-delete':
      return <DeleteDialog target={target} force={action === 'force-delete'} onClose={onClose} />;
    case 'undo':
      return <RolloutDialog target={target} onClose={onClose} />;
    case 'edit':
      return <EditYamlDialog target={target} onClose={onClose} />;
    case 'drain':
      return <DrainDialog target={target} onClose={onClose} />;
    case 'copy-kubectl':
      return <CopyKubectlDialog target={target} onClose={onClose} />;
    default:
      return <SimpleActionDialog action={action} target={target} onClose={onClose} />;
  }
}
