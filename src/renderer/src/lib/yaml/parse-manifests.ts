/**
 * Parsing dropped or pasted manifest files: every YAML document (or a JSON
 * file) becomes an object to apply or an error that names the file, the
 * document and the line:column js-yaml reports. Documents are split on their
 * `---` lines first so one broken document does not hide the valid ones.
 */
import { load, YAMLException } from 'js-yaml';
import type { KubeObject } from '../../../../shared/api/meta';

/** ManifestFile is one dropped, picked or pasted file. */
export interface ManifestFile {
  name: string;
  text: string;
}

/** ParsedDocument is one object to apply, or the reason a document cannot be applied. */
export interface ParsedDocument {
  file: string;
  /** document is the 1-based number of the document in its file (empty ones not counted). */
  document: number;
  /** item is the index inside a `kind: List` document. */
  item?: number;
  object?: KubeObject;
  error?: string;
}

/** MANIFEST_EXTENSIONS are the file types accepted on drop. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** isManifestFileName reports whether a file name has a manifest extension. */
export function isManifestFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

interface Chunk {
  text: string;
  /** firstLine is the 0-based line of the chunk's first line in the file. */
  firstLine: number;
}

const SEPARATOR = /^---(?:\s|$)/;
const END = /^\.\.\.\s*$/;

/** splitDocuments cuts a YAML stream at its document markers, keeping line offsets. */
export function splitDocuments(text: string): Chunk[] {
  const lines = text.split(/\r?\n/);
  const chunks: Chunk[] = [];
  let current: string[] = [];
  let first = 0;
  lines.forEach((line, i) => {
    if (SEPARATOR.test(line) || END.test(line)) {
      chunks.push({ text: current.join('\n'), firstLine: first });
      // Content after "--- " on the same line belongs to the new document.
      const rest = SEPARATOR.test(line) ? line.slice(3) : '';
      current = rest.trim() ? [' '.repeat(3) + rest] : [];
      first = rest.trim() ? i : i + 1;
      return;
    }
    current.push(line);
  });
  chunks.push({ text: current.join('\n'), firstLine: first });
  return chunks;
}

const isBlank = (text: string): boolean => text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));

function checkObject(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a Kubernetes object (expected a mapping with apiVersion and kind)';
  const o = value as Record<string, unknown>;
  if (typeof o.apiVersion !== 'string' || !o.apiVersion) return "missing 'apiVersion'";
  if (typeof o.kind !== 'string' || !o.kind) return "missing 'kind'";
  if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null || Array.isArray(o.metadata))) return "'metadata' must be a mapping";
  return undefined;
}

function describeYamlError(err: unknown, file: string, document: number, firstLine: number): string {
  if (err instanceof YAMLException && err.mark) {
    const line = firstLine + err.mark.line + 1;
    const col = err.mark.column + 1;
    return `${file}, document ${document}, line ${line}:${col}: ${err.reason}`;
  }
  return `${file}, document ${document}: ${err instanceof Error ? err.message : String(err)}`;
}

/** parseManifestFile parses every document of one file. */
export function parseManifestFile(file: ManifestFile): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  const chunks = file.name.toLowerCase().endsWith('.json') ? [{ text: file.text, firstLine: 0 }] : splitDocuments(file.text);
  let document = 0;
  for (const chunk of chunks) {
    if (isBlank(chunk.text)) continue;
    document++;
    let value: unknown;
    try {
      value = load(chunk.text, { filename: file.name });
    } catch (err) {
      out.push({ file: file.name, document, error: describeYamlError(err, file.name, document, chunk.firstLine) });
      continue;
    }
    if (value === null || value === undefined) {
      document--;
      continue;
    }
    const problem = checkObject(value);
    if (problem) {
      out.push({ file: file.name, document, error: `${file.name}, document ${document}: ${problem}` });
      continue;
    }
    const obj = value as KubeObject & { items?: unknown };
    if (/List$/.test(obj.kind ?? '') && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => {
        const p = checkObject(item);
        if (p) out.push({ file: file.name, document, item: i, error: `${file.name}, document ${document}, item ${i}: ${p}` });
        else out.push({ file: file.name, document, item: i, object: normalise(item as KubeObject) });
      });
      continue;
    }
    out.push({ file: file.name, document, object: normalise(obj) });
  }
  if (out.length === 0) out.push({ file: file.name, document: 0, error: `${file.name}: no Kubernetes objects in the file` });
  return out;
}

function normalise(obj: KubeObject): KubeObject {
  return { ...obj, metadata: { ...(obj.metadata ?? {}) } };
}

/** parseManifestFiles parses several files, in order. */
export function parseManifestFiles(files: readonly ManifestFile[]): ParsedDocument[] {
  return files.flatMap((f) =>
    isManifestFileName(f.name) || f.name === 'pasted'
      ? parseManifestFile(f)
      : [{ file: f.name, document: 0, error: `${f.name}: not a .yaml, .yml or .json file` }],
  );
}
