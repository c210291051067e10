import { ConnectionBadge } from './ConnectionBadge';
import { ContextSelect } from './ContextSelect';
import { NamespaceSelect } from './NamespaceSelect';
import { ThemeSwitch } from './ThemeSwitch';
import { SignOutEverywhere } from './SignOutEverywhere';

/** Header: brand, namespace switcher, apply button and the connection state. */
export function Header({ namespace, onNamespace, onApply, onToggleSidebar, sidebarOpen = true }: { namespace: string | undefined; onNamespace: (ns: string | undefined) => void; onApply: () => void; onToggleSidebar?: () => void; sidebarOpen?: boolean }) {
  return (
    <header className="header">
      {onToggleSidebar ? (
        <button type="button" className="button ghost" onClick={onToggleSidebar} aria-expanded={sidebarOpen} aria-controls="main-nav" aria-label={sidebarOpen ? 'Collapse navigation' : 'Expand navigation'} data-testid="sidebar-toggle">
          ☰
        </button>
      ) : null}
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⎈
        </span>
        Kubedeck
      </span>
      <ContextSelect />
      <NamespaceSelect value={namespace} onChange={onNamespace} />
      <span className="spacer" />
      <button type="button" className="button primary" onClick={onApply} data-testid="open-apply" title="Apply YAML (or drop files on the window)">
        Apply YAML
      </button>
      <ThemeSwitch />
      <ConnectionBadge />
      <SignOutEverywhere />
    </header>
  );
}
