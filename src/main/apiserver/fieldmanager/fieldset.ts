/**
 * FieldSet: a set of field paths, as structured merge keeps one per field
 * manager, and its FieldsV1 encoding. A path is a list of path elements in
 * FieldsV1's spelling:
 * - `f:<name>` a field of a struct or an entry of a map,
 * - `k:{"name":"web"}` an element of a map-typed list by its key fields (sorted by name),
 * - `v:<json>` an element of a set by its value,
 * - `i:<n>` an element of a list by its index.
 * In FieldsV1 a path that is itself a member is `{}` when it has no members
 * below it, and carries `".": {}` when it does.
 */

/** PathElement is one step of a path, spelled as in FieldsV1. */
export type PathElement = string;

/** FieldSet is a tree of path elements; members are the paths in the set. */
export class FieldSet {
  /** Path elements that end a member path at this level. */
  readonly members = new Set<PathElement>();
  /** Sets below each path element. */
  readonly children = new Map<PathElement, FieldSet>();

  /** insert adds one path. */
  insert(path: readonly PathElement[]): void {
    if (path.length === 0) return;
    const last = path[path.length - 1]!;
    path.slice(0, -1).reduce<FieldSet>((set, pe) => set.child(pe), this).members.add(last);
  }

  /** child returns the set below pe, creating it. */
  child(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) this.children.set(pe, (c = new FieldSet()));
    return c;
  }

  /** has reports whether path is a member. */
  has(path: readonly PathElement[]): boolean {
    const below = path.slice(0, -1).reduce<FieldSet | undefined>((set, pe) => set?.children.get(pe), this);
    return Boolean(below?.members.has(path[path.length - 1]!));
  }

  /** empty reports whether the set has no member. */
  empty(): boolean {
    if (this.members.size) return false;
    for (const c of this.children.values()) if (!c.empty()) return false;
    return true;
  }

  /** union returns the paths in this set or other. */
  union(other: FieldSet): FieldSet {
    const out = this.copy();
    out.addAll(other);
    return out;
  }

  /** addAll adds every path of other to this set. */
  addAll(other: FieldSet): void {
    for (const m of other.members) this.members.add(m);
    for (const [pe, c] of other.children) this.child(pe).addAll(c);
  }

  /** difference returns the paths in this set and not in other. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      const d = o ? c.difference(o) : c.copy();
      if (!d.empty()) out.children.set(pe, d);
    }
    return out;
  }

  /** intersection returns the paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const o = other.children.get(pe);
      if (!o) continue;
      const i = c.intersection(o);
      if (!i.empty()) out.children.set(pe, i);
    }
    return out;
  }

  /** withoutSubtrees removes every member of other and everything below it. */
  withoutSubtrees(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const d = o ? c.withoutSubtrees(o) : c.copy();
      if (!d.empty()) out.children.set(pe, d);
    }
    return out;
  }

  /** equals reports whether both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** paths lists the members in structured-merge-diff's order: at each level the members, then the sets below, each sorted. */
  paths(prefix: PathElement[] = []): PathElement[][] {
    const out: PathElement[][] = [...this.members].sort().map((m) => [...prefix, m]);
    for (const pe of [...this.children.keys()].sort()) out.push(...this.children.get(pe)!.paths([...prefix, pe]));
    return out;
  }

  /** copy returns an independent copy. */
  copy(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c.copy());
    return out;
  }

  /** toFieldsV1 encodes the set as metav1.FieldsV1 JSON (path elements sorted, as Kubernetes writes them). */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Set<PathElement>([...this.members, ...this.children.keys()]);
    for (const pe of [...keys].sort()) {
      const c = this.children.get(pe);
      const below = c && !c.empty() ? c.toFieldsV1() : undefined;
      if (below === undefined) {
        if (this.members.has(pe)) out[pe] = {};
      } else {
        out[pe] = this.members.has(pe) ? { '.': {}, ...below } : below;
      }
    }
    return out;
  }

  /** fromFieldsV1 decodes metav1.FieldsV1 JSON (400-worthy input throws). */
  static fromFieldsV1(v: unknown): FieldSet {
    const out = new FieldSet();
    decodeInto(out, v);
    return out;
  }
}

function decodeInto(set: FieldSet, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('FieldsV1 must be an object');
  for (const [pe, sub] of Object.entries(v as Record<string, unknown>)) {
    if (pe === '.') continue;
    if (!/^[fkvi]:/.test(pe)) throw new Error(`unknown path element ${JSON.stringify(pe)}`);
    if (typeof sub !== 'object' || sub === null || Array.isArray(sub)) throw new Error('FieldsV1 must be an object');
    const entries = Object.keys(sub);
    if (entries.length === 0 || entries.includes('.')) set.members.add(pe);
    if (entries.some((k) => k !== '.')) decodeInto(set.child(pe), sub);
  }
}

/** fieldElement is the path element of a struct field or map entry. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** keyElement is the path element of a map-typed list's element with these key fields. */
export function keyElement(key: Readonly<Record<string, unknown>>): PathElement {
  const sorted = Object.keys(key).sort();
  return `k:{${sorted.map((k) => `${JSON.stringify(k)}:${JSON.stringify(key[k])}`).join(',')}}`;
}

/** valueElement is the path element of a set's element. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** indexElement is the path element of a list element by position. */
export function indexElement(i: number): PathElement {
  return `i:${i}`;
}

/**
 * pathString spells a path as Kubernetes' conflict messages do:
 * `.spec.template.spec.containers[name="web"].image`, `[=value]` for a set
 * element, `[0]` for an index.
 */
export function pathString(path: readonly PathElement[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const key = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.keys(key)
            .map((k) => `${k}=${JSON.stringify(key[k])}`)
            .join(',')}]`;
        }
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}
