/**
 * The app's YAML editor checks text against the documents this server
 * publishes (/openapi/v3). Here the editor's validator reads those same
 * documents and must find nothing wrong in manifests the server accepts: one
 * sample of every served kind (kubectl-roundtrip's) and the test fixtures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openapiGroupVersionDoc } from '../openapi';

/** The editor's modules, as far as this test uses them. */
interface CheckResult {
  issues: { line: number; rule: string; path?: string; message: string }[];
  unchecked: string[];
}
type SchemaSource = (apiVersion: string) => Promise<unknown>;

// The renderer is a TypeScript project of its own (tsconfig.web.json), so its
// modules are loaded by a computed path rather than compiled into this one.
const EDITOR = '../../../renderer/src/lib/yaml/schema/';
const { checkYamlText } = (await import(`${EDITOR}check-text`)) as { checkYamlText: (text: string, source: SchemaSource) => Promise<CheckResult> };
const { SchemaSet } = (await import(`${EDITOR}openapi`)) as { SchemaSet: new (doc: object) => unknown };

const repo = (p: string) => new URL(`../../../../${p}`, import.meta.url);

async function source(apiVersion: string): Promise<unknown> {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  const doc = openapiGroupVersionDoc(group, version);
  return doc ? new SchemaSet(doc) : undefined;
}

describe("the editor's schema checks on the server's own documents", () => {
  it('find nothing wrong with a sample of every served kind', async () => {
    const test = readFileSync(repo('tests/integration/kubectl-roundtrip.test.ts'), 'utf8');
    const samples = /const samples = `([\s\S]*?)\n`;/.exec(test)![1]!.replaceAll('${ns}', 'roundtrip');
    const result = await checkYamlText(samples, source);
    expect(result).toEqual({ issues: [], unchecked: [] });
  });

  it.each(['tests/fixtures/deployment.yaml', 'tests/fixtures/multi.yaml', 'tests/fixtures/pod.yaml', 'tests/fixtures/service.yaml', 'tests/e2e/fixtures/logs-pods.yaml', 'tests/e2e/fixtures/web-pod.yaml', 'tests/e2e/fixtures/web-rs.yaml', 'tests/e2e/fixtures/namespaces.yaml'])(
    'find nothing wrong with %s',
    async (file) => {
      expect(await checkYamlText(readFileSync(repo(file), 'utf8'), source)).toEqual({ issues: [], unchecked: [] });
    },
  );

  it('flag a value outside a published enum (imagePullPolicy), on its line', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    imagePullPolicy: always\n';
    const { issues } = await checkYamlText(text, source);
    expect(issues.map((i) => [i.line, i.message])).toEqual([[8, 'spec.containers[0].imagePullPolicy must be one of "Always", "IfNotPresent", "Never", got the string "always"']]);
  });

  it('flag the fixture with an unknown field on its line, and name the kind it has no schema for', async () => {
    const unknown = await checkYamlText(readFileSync(repo('tests/e2e/fixtures/unknown-field.yaml'), 'utf8'), source);
    expect(unknown.issues.map((i) => [i.rule, i.path])).toEqual([['unknown', 'spec.foo']]);
    const kind = await checkYamlText(readFileSync(repo('tests/e2e/fixtures/unknown-kind.yaml'), 'utf8'), source);
    expect(kind).toEqual({ issues: [], unchecked: ['example.com/v1 Widget'] });
  });
});
