import type { Route } from '../../hooks/use-route';

const ITEMS: { view: Route['view']; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'workloads', label: 'Workloads' },
  { view: 'pods', label: 'Pods' },
  { view: 'services', label: 'Services' },
  { view: 'nodes', label: 'Nodes' },
  { view: 'events', label: 'Events' },
];

/** Sidebar is the main navigation. */
export function Sidebar({ route }: { route: Route }) {
  const active = route.view === 'pod' ? 'pods' : route.view === 'workload-logs' ? 'workloads' : route.view;
  return (
    <nav className="sidebar" aria-label="Main">
      {ITEMS.map((item) => (
        <a
          key={item.view}
          href={`#/${item.view}`}
          className={active === item.view ? 'nav-item active' : 'nav-item'}
          aria-current={active === item.view ? 'page' : undefined}
          data-testid={`nav-${item.view}`}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}
