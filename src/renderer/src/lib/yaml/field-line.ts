/** Where a field path ("spec.replicas") is written in YAML text, so the editor can select it. */

/** FieldSpan is the character range of the line that sets the field, and its 1-based line number. */
export interface FieldSpan {
  line: number;
  start: number;
  end: number;
}

const KEY = /^(\s*)(-\s+)?([^\s#:'"][^:#]*?|"[^"]*"|'[^']*'):(\s|$)/;

/**
 * findFieldLine finds the first line of `text` (any document) that sets
 * `path` (dots between keys; list items are looked into, as Go's error paths
 * name them: "spec.containers.image"). Indentation-based: block YAML only.
 */
export function findFieldLine(text: string, path: string): FieldSpan | undefined {
  const want = path.replace(/\[\d+\]/g, '');
  const stack: { indent: number; key: string }[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const start = offset;
    offset += raw.length + 1;
    if (/^---/.test(raw)) {
      stack.length = 0;
      continue;
    }
    const m = KEY.exec(raw);
    if (!m) continue;
    const indent = (m[1] ?? '').length + (m[2] ?? '').length;
    const key = (m[3] ?? '').trim().replace(/^["']|["']$/g, '');
    while (stack.length && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    stack.push({ indent, key });
    if (stack.map((s) => s.key).join('.') === want) return { line: i + 1, start, end: start + raw.length };
  }
  return undefined;
}
