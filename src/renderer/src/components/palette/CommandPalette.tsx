/**
 * The command palette (Ctrl/Cmd+K): type part of a name (and an action) to
 * jump to any pod, deployment, replica set, service or node, or to run any
 * action on it. Arrow keys choose, Enter runs, Escape closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KubeObject } from '../../../../shared/api/meta';
import { matchEntries, paletteEntries, type PaletteEntry } from '../../lib/actions/palette-search';
import { GVR_BY_KIND } from '../../lib/actions/requests';
import type { ActionTarget, TargetKind } from '../../lib/actions/targets';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { podHref, useRoute } from '../../hooks/use-route';
import { objectHref } from '../../lib/kinds/registry';
import { screenCommand } from '../../lib/actions/screen-command';
import { CopyCommand } from '../actions/CopyCommand';
import { useActions } from '../actions/ActionContext';

function targetsOf(kind: TargetKind, items: readonly KubeObject[]): ActionTarget[] {
  return items.map((o) => ({
    kind,
    name: o.metadata.name ?? '',
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.metadata.labels?.['kubedeck.io/virtual'] === 'true' ? { virtual: true } : {}),
  }));
}

/** openHref is where "Open" goes for each kind. */
function openHref(t: ActionTarget): string {
  return objectHref(t.kind, t.namespace, t.name) ?? podHref(t.namespace, t.name);
}

function PaletteBody({ onClose, namespace }: { onClose: () => void; namespace: string | undefined }) {
  const { run } = useActions();
  const route = useRoute();
  const pods = useListWatch<KubeObject>(GVR_BY_KIND.Pod);
  const deployments = useListWatch<KubeObject>(GVR_BY_KIND.Deployment);
  const replicaSets = useListWatch<KubeObject>(GVR_BY_KIND.ReplicaSet);
  const services = useListWatch<KubeObject>(GVR_BY_KIND.Service);
  const nodes = useListWatch<KubeObject>(GVR_BY_KIND.Node);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const entries = useMemo(
    () =>
      paletteEntries([
        ...targetsOf('Deployment', deployments.items),
        ...targetsOf('ReplicaSet', replicaSets.items),
        ...targetsOf('Pod', pods.items),
        ...targetsOf('Service', services.items),
        ...targetsOf('Node', nodes.items),
      ]),
    [deployments.items, replicaSets.items, pods.items, services.items, nodes.items],
  );
  const shown = matchEntries(entries, query);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);

  const choose = (e: PaletteEntry | undefined) => {
    if (!e) return;
    onClose();
    if (e.action === 'open') window.location.hash = openHref(e.target);
    else run(e.action, e.target);
  };

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[active] ? `palette-${active}` : undefined}
          aria-label="Search objects and actions"
          placeholder="Type a name, e.g. “web” or “scale web”…"
          value={query}
          data-testid="palette-input"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, shown.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              choose(shown[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            }
          }}
        />
        <div className="palette-screen small" data-testid="palette-screen-command">
          <span className="muted">This screen in kubectl:</span> <CopyCommand command={screenCommand(route, namespace)} />
        </div>
        <ul id="palette-list" role="listbox" className="palette-list" aria-label="Matches">
          {shown.map((e, i) => (
            <li
              key={e.id}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid="palette-option"
              data-action={e.action}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(e)}
            >
              {e.text}
            </li>
          ))}
          {shown.length === 0 ? <li className="muted">No match.</li> : null}
        </ul>
      </div>
    </div>
  );
}

/** CommandPalette listens for Ctrl/Cmd+K anywhere and shows the palette. */
export function CommandPalette({ namespace }: { namespace?: string | undefined }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <PaletteBody onClose={() => setOpen(false)} namespace={namespace} /> : null;
}
