import { ConnectionBadge } from './ConnectionBadge';
import { NamespaceSelect } from './NamespaceSelect';

/** Header: brand, namespace switcher, apply button and the connection state. */
export function Header({ namespace, onNamespace, onApply }: { namespace: string | undefined; onNamespace: (ns: string | undefined) => void; onApply: () => void }) {
  return (
    <header className="header">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⎈
        </span>
        Kubedeck
      </span>
      <NamespaceSelect value={namespace} onChange={onNamespace} />
      <span className="spacer" />
      <button type="button" className="button primary" onClick={onApply} data-testid="open-apply" title="Apply YAML (or drop files on the window)">
        Apply YAML
      </button>
      <ConnectionBadge />
    </header>
  );
}
