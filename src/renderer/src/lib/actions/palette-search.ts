/** The command palette's entries and matching: every object × (open, each action), filtered by the words typed. */
import { ACTION_LABELS, actionsFor, targetLabel, type ActionId, type ActionTarget } from './targets';

/** PaletteEntry is one line of the palette: open an object, or run an action on it. */
export interface PaletteEntry {
  id: string;
  target: ActionTarget;
  action: ActionId | 'open';
  text: string;
}

/** paletteEntries lists, per object, "Open kind/name" and one entry per action. */
export function paletteEntries(targets: readonly ActionTarget[]): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  for (const t of targets) {
    const label = targetLabel(t);
    const where = t.namespace ? ` (${t.namespace})` : '';
    out.push({ id: `open:${t.kind}:${t.namespace ?? ''}/${t.name}`, target: t, action: 'open', text: `Open ${label}${where}` });
    for (const a of actionsFor(t.kind, t.virtual)) {
      out.push({ id: `${a}:${t.kind}:${t.namespace ?? ''}/${t.name}`, target: t, action: a, text: `${ACTION_LABELS[a]} ${label}${where}` });
    }
  }
  return out;
}

/**
 * matchEntries keeps the entries containing every typed word (any order,
 * case-insensitive); "Open" entries and exact name matches come first.
 */
export function matchEntries(entries: readonly PaletteEntry[], query: string, limit = 50): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = entries.filter((e) => {
    const t = e.text.toLowerCase();
    return words.every((w) => t.includes(w));
  });
  const score = (e: PaletteEntry) => (words.includes(e.target.name.toLowerCase()) ? 0 : 2) + (e.action === 'open' ? 0 : 1);
  return hits
    .map((e, i) => ({ e, i, s: score(e) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.e);
}
