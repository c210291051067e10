import { describe, expect, it } from 'vitest';
import { parseManifestFile, parseManifestFiles, splitDocuments } from './parse-manifests';

describe('parseManifestFile', () => {
  it('returns every document of a multi-document file, numbered, skipping empty ones', () => {
    const docs = parseManifestFile({
      name: 'app.yaml',
      text: '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n# only a comment\n---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: b}\n',
    });
    expect(docs.map((d) => [d.document, d.object?.kind, d.object?.metadata.name])).toEqual([
      [1, 'Pod', 'a'],
      [2, 'ReplicaSet', 'b'],
    ]);
  });

  it('names file, document and line:column of a syntax error, and keeps the valid documents', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\n   labels: x\n';
    const docs = parseManifestFile({ name: 'broken.yaml', text });
    expect(docs[0]?.object?.metadata.name).toBe('ok');
    expect(docs[1]?.error).toMatch(/^broken\.yaml, document 2, line 10:\d+: /);
  });

  it('reports a document that is not an object, or lacks kind', () => {
    const docs = parseManifestFile({ name: 'x.yml', text: '- a\n- b\n---\napiVersion: v1\nmetadata: {name: a}\n' });
    expect(docs[0]?.error).toContain('not a Kubernetes object');
    expect(docs[1]?.error).toContain("missing 'kind'");
  });

  it('parses JSON files and expands kind: List', () => {
    const docs = parseManifestFile({
      name: 'l.json',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] }),
    });
    expect(docs).toEqual([{ file: 'l.json', document: 1, item: 0, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } }]);
  });

  it('refuses files of other types and empty files', () => {
    expect(parseManifestFiles([{ name: 'notes.txt', text: 'a: 1' }])[0]?.error).toContain('not a .yaml');
    expect(parseManifestFiles([{ name: 'e.yaml', text: '\n# nothing\n' }])[0]?.error).toContain('no Kubernetes objects');
  });

  it('splitDocuments keeps line offsets', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n').map((c) => c.firstLine)).toEqual([0, 2]);
  });
});
