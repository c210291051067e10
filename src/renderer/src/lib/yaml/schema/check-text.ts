/**
 * checkYamlText: every document of an editor's text checked against its
 * kind's schema, each issue placed on a line. YAML syntax errors are issues
 * too (with js-yaml's line and column), so the editor shows them as you type.
 */
import { load } from 'js-yaml';
import { lineOf, outlineDocuments } from './outline';
import type { SchemaSet } from './openapi';
import { validateValue, type SchemaIssue } from './validate';

/** LineIssue is an issue with the 1-based line it is shown on. */
export interface LineIssue {
  line: number;
  path?: string;
  rule: SchemaIssue['rule'] | 'syntax';
  message: string;
}

/** SchemaSource gives the schemas of an apiVersion (undefined: none published, e.g. an unknown group). */
export type SchemaSource = (apiVersion: string) => Promise<SchemaSet | undefined>;

/** CheckResult is the issues, and the kinds no schema was found for (named, not flagged: the server decides). */
export interface CheckResult {
  issues: LineIssue[];
  unchecked: string[];
}

/** checkYamlText checks each document; documents without apiVersion/kind are left alone. */
export async function checkYamlText(text: string, schemas: SchemaSource): Promise<CheckResult> {
  const issues: LineIssue[] = [];
  const unchecked: string[] = [];
  for (const doc of outlineDocuments(text)) {
    let value: unknown;
    try {
      value = load(doc.text);
    } catch (err) {
      const mark = (err as { mark?: { line: number; column: number } }).mark;
      const reason = (err as { reason?: string }).reason ?? String(err);
      const line = doc.firstLine + (mark?.line ?? 0);
      issues.push({ line, rule: 'syntax', message: `YAML syntax, line ${line}${mark ? `:${mark.column + 1}` : ''}: ${reason}` });
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const set = await schemas(apiVersion).catch(() => undefined);
    const root = set?.kindSchema(apiVersion, kind);
    if (!set || !root) {
      unchecked.push(`${apiVersion} ${kind}`);
      continue;
    }
    for (const issue of validateValue(set, value, root)) issues.push({ ...issue, line: lineOf(doc, issue.path) });
  }
  issues.sort((a, b) => a.line - b.line);
  return { issues, unchecked };
}
