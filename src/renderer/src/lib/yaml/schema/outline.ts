/**
 * The outline of block YAML as an editor needs it, read line by line by
 * indentation (no parse, so it works while the text is half typed): which
 * line sets which field path ("spec.template.spec.containers[0].image"), the
 * documents between `---` lines, and where a key typed at the cursor would go.
 * Flow collections ({…}, […]) are not looked into; block scalars (| and >) are skipped.
 */

/** Frame is one open level: a mapping key or a list item, at the column it starts. */
interface Frame {
  col: number;
  seg: string;
  item: boolean;
  /** nextIndex counts the list items seen under a key. */
  nextIndex: number;
}

/** DocumentOutline is one YAML document of a text. */
export interface DocumentOutline {
  /** firstLine is the 1-based line the document's text starts on (after its `---`). */
  firstLine: number;
  text: string;
  /** lines maps each field path to the 1-based line (of the whole text) that sets it. */
  lines: Map<string, number>;
}

const KEY = /^([^\s#'"{[\-?][^:#]*?|-[^\s:#][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;
const DOC_START = /^---(\s|$)/;

/** pathOf joins frames into a path string. */
function pathOf(stack: readonly Frame[]): string {
  let out = '';
  for (const f of stack) out += f.item ? f.seg : out ? `.${f.seg}` : f.seg;
  return out;
}

function unquote(key: string): string {
  const k = key.trim();
  return /^(".*"|'.*')$/.test(k) ? k.slice(1, -1) : k;
}

/** Scanner follows the open keys and list items of one document, line by line. */
class Scanner {
  readonly stack: Frame[] = [];
  /** blockCol, when set, is the column of a key whose block scalar (| or >) is being skipped. */
  private blockCol: number | undefined;

  /** popFor closes the levels a new entry at `col` ends (a list item may sit at its key's column). */
  popFor(col: number, item: boolean): void {
    while (this.stack.length) {
      const top = this.stack[this.stack.length - 1]!;
      if (top.item ? top.col >= col : item ? top.col > col : top.col >= col) this.stack.pop();
      else break;
    }
  }

  /** line reads one line; `onPath` hears each path it opens. */
  line(raw: string, onPath: (path: string) => void): void {
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (this.blockCol !== undefined) {
      if (content === '' || indent > this.blockCol) return;
      this.blockCol = undefined;
    }
    if (content === '' || content.startsWith('#')) return;
    let col = indent;
    let rest = raw.slice(indent);
    // One or more "- " open list items (of the key above, or nested lists).
    for (let m = /^-(\s+|$)/.exec(rest); m; m = /^-(\s+|$)/.exec(rest)) {
      this.popFor(col, true);
      const parent = this.stack[this.stack.length - 1];
      const index = parent ? parent.nextIndex++ : 0;
      this.stack.push({ col, seg: `[${index}]`, item: true, nextIndex: 0 });
      onPath(pathOf(this.stack));
      col += m[0].length;
      rest = rest.slice(m[0].length);
      if (!rest) return;
    }
    const k = KEY.exec(rest.replace(/\s+#.*$/, ''));
    if (!k) return;
    this.popFor(col, false);
    this.stack.push({ col, seg: unquote(k[1]!), item: false, nextIndex: 0 });
    onPath(pathOf(this.stack));
    const value = (k[2] ?? '').trim();
    if (/^[|>][-+0-9]*$/.test(value)) this.blockCol = col;
  }
}

/** outlineDocuments splits a text into documents and maps each one's field paths to lines. */
export function outlineDocuments(text: string): DocumentOutline[] {
  const docs: DocumentOutline[] = [];
  let cur: DocumentOutline = { firstLine: 1, text: '', lines: new Map() };
  let scanner = new Scanner();
  const chunk: string[] = [];
  const lines = text.split('\n');
  const close = () => {
    cur.text = chunk.join('\n');
    docs.push(cur);
    chunk.length = 0;
  };
  lines.forEach((raw, i) => {
    if (DOC_START.test(raw)) {
      close();
      cur = { firstLine: i + 2, text: '', lines: new Map() };
      scanner = new Scanner();
      return;
    }
    chunk.push(raw);
    scanner.line(raw, (p) => {
      if (!cur.lines.has(p)) cur.lines.set(p, i + 1);
    });
  });
  close();
  return docs;
}

/** lineOf finds the line that sets a path, or of its nearest ancestor that is written (a missing required field is shown on its parent). */
export function lineOf(doc: DocumentOutline, path: string): number {
  for (let p = path; p; p = p.replace(/(\.[^.[]+|\[\d+\])$|^[^.[]+$/, '')) {
    const line = doc.lines.get(p);
    if (line !== undefined) return line;
  }
  return doc.firstLine;
}

/** KeyContext is where a key (or a value) typed at the cursor would go. */
export interface KeyContext {
  /** at: a mapping key, or the value of the key `parent` ends with. */
  at: 'key' | 'value';
  /** path of the mapping the key belongs to (for a value: the key's own path), as segments ("spec", "template", "[0]"…). */
  parent: string[];
  /** word already typed, which the chosen name replaces. */
  word: string;
  /** siblings: keys the mapping already has (elsewhere in the document). */
  siblings: Set<string>;
  /** header: the document's apiVersion and kind, read from its top-level lines. */
  apiVersion?: string;
  kind?: string;
}

const AT_KEY = /^(\s*)((?:-\s+)*)([\w.\-/]*)$/;
const AT_VALUE = /^(\s*)((?:-\s+)*)([^\s#:'"{[-][^:#]*?):[ \t]+([\w.\-/]*)$/;

/**
 * keyContextAt answers "which mapping is the cursor in?" when the text
 * before the cursor on its line is only indentation, list dashes and a
 * partial key; or "which field's value?" after `key: ` and a partial word.
 * undefined elsewhere (in a comment, a flow collection…).
 */
export function keyContextAt(text: string, offset: number): KeyContext | undefined {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const prefix = before.slice(lineStart);
  const key = AT_KEY.exec(prefix);
  const value = key ? undefined : AT_VALUE.exec(prefix);
  const m = key ?? value;
  if (!m) return undefined;
  // The document the cursor is in: lines from the last `---` before it.
  const priorLines = before.slice(0, lineStart).split('\n');
  priorLines.pop();
  let docStart = 0;
  priorLines.forEach((l, i) => {
    if (DOC_START.test(l)) docStart = i + 1;
  });
  const scanner = new Scanner();
  const docLines = priorLines.slice(docStart);
  for (const l of docLines) scanner.line(l, () => {});
  let col = m[1]!.length;
  const dashes = m[2]!;
  for (const d of dashes.match(/-\s+/g) ?? []) {
    scanner.popFor(col, true);
    const parent = scanner.stack[scanner.stack.length - 1];
    scanner.stack.push({ col, seg: `[${parent ? parent.nextIndex : 0}]`, item: true, nextIndex: 0 });
    col += d.length;
  }
  scanner.popFor(col, false);
  const parentPath = pathOf(scanner.stack);
  const parent = scanner.stack.map((f) => f.seg);
  const docText = text.split('\n').slice(docStart).join('\n').split(/\n---(?:\s|$)/, 1)[0]!;
  const header = (k: string) => new RegExp(`^${k}:[ \\t]*["']?([^"'\\s#]+)`, 'm').exec(docText)?.[1];
  if (value) return { at: 'value', parent: [...parent, unquote(value[3]!)], word: value[4]!, siblings: new Set(), apiVersion: header('apiVersion'), kind: header('kind') };
  // Keys this mapping already has, before and after the cursor.
  const outline = outlineDocuments(docText)[0]!;
  const siblings = new Set<string>();
  for (const p of outline.lines.keys()) {
    const rest = parentPath ? (p.startsWith(`${parentPath}.`) ? p.slice(parentPath.length + 1) : undefined) : p;
    if (rest && /^[^.[]+$/.test(rest)) siblings.add(rest);
  }
  siblings.delete(m[3]!);
  return { at: 'key', parent, word: m[3]!, siblings, apiVersion: header('apiVersion'), kind: header('kind') };
}
