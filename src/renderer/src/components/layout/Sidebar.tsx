import type { Route } from '../../hooks/use-route';
import { KINDS } from '../../lib/kinds/registry';
import { preloadNavView } from '../../screens/screens';

const ITEMS: { view: string; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'workloads', label: 'Workloads' },
  { view: 'pods', label: 'Pods' },
  { view: 'services', label: 'Services' },
  { view: 'nodes', label: 'Nodes' },
  { view: 'events', label: 'Events' },
  { view: 'flow', label: 'Flow' },
];

const SHOWN = new Set<string>(ITEMS.map((i) => i.view));

/** Every other browsed kind, after the screens above. */
const KIND_ITEMS = KINDS.filter((k) => !SHOWN.has(k.resource)).map((k) => ({ view: k.resource, label: k.title }));

function activeItem(route: Route): string {
  if (route.view === 'pod') return 'pods';
  if (route.view === 'workload-logs') return 'workloads';
  if (route.view === 'list' || route.view === 'object') return route.resource;
  if (route.view === 'timeline') return route.resource === 'pods' ? 'pods' : route.resource;
  return route.view;
}

/** Sidebar is the main navigation; hovering or focusing an entry preloads its screen. */
export function Sidebar({ route }: { route: Route }) {
  const active = activeItem(route);
  return (
    <nav className="sidebar" id="main-nav" aria-label="Main">
      {[...ITEMS, ...KIND_ITEMS].map((item) => (
        <a
          key={item.view}
          href={`#/${item.view}`}
          className={active === item.view ? 'nav-item active' : 'nav-item'}
          aria-current={active === item.view ? 'page' : undefined}
          data-testid={`nav-${item.view}`}
          // The screen's chunk starts loading when the pointer or focus reaches its link, so the click finds it in.
          onMouseEnter={() => preloadNavView(item.view)}
          onFocus={() => preloadNavView(item.view)}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}
