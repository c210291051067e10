/** Keyboard shortcuts: `/` filters, `?` helps, `g` then a letter jumps to a screen. */

/** JUMPS maps the letter after `g` to a route. */
export const JUMPS: Readonly<Record<string, { href: string; label: string }>> = {
  o: { href: '#/overview', label: 'Overview' },
  w: { href: '#/workloads', label: 'Workloads' },
  p: { href: '#/pods', label: 'Pods' },
  d: { href: '#/deployments', label: 'Deployments' },
  r: { href: '#/replicasets', label: 'ReplicaSets' },
  s: { href: '#/services', label: 'Services' },
  n: { href: '#/nodes', label: 'Nodes' },
  e: { href: '#/events', label: 'Events' },
  c: { href: '#/configmaps', label: 'ConfigMaps' },
  x: { href: '#/secrets', label: 'Secrets' },
};

/** SHORTCUTS is what the help dialog lists. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '/', what: 'Focus the filter of the screen' },
  { keys: '?', what: 'Show this help' },
  { keys: 'Ctrl+K / ⌘K', what: 'Command palette: open or act on any object' },
  { keys: 'Ctrl+Enter / ⌘Enter', what: 'Apply (in the Apply dialog)' },
  { keys: 'Escape', what: 'Close a dialog (focus returns to what opened it)' },
  ...Object.entries(JUMPS).map(([k, v]) => ({ keys: `g ${k}`, what: `Go to ${v.label}` })),
];

/** isTyping reports whether a key press belongs to a text field rather than to the shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el?.tagName) return false;
  return el.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
