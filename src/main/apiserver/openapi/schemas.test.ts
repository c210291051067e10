/** The served OpenAPI v3 schemas: every served kind has one, and every reference resolves inside its document. */
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../shared/api/resources';
import { openapiGroupVersionDoc } from '../openapi';

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('OpenAPI v3 schemas', () => {
  it('every served kind has a schema tagged with its group-version-kind (else: npm run gen:openapi)', () => {
    const missing = RESOURCES.filter((r) => {
      const doc = openapiGroupVersionDoc(r.group, r.version) as { components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] }> } };
      return !Object.values(doc.components.schemas).some((s) => s['x-kubernetes-group-version-kind']?.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind));
    }).map((r) => `${r.group}/${r.version} ${r.kind}`);
    expect(missing).toEqual([]);
  });

  it('every $ref in a group-version document resolves inside it', () => {
    for (const gv of new Set(RESOURCES.map((r) => `${r.group}|${r.version}`))) {
      const [group, version] = gv.split('|') as [string, string];
      const doc = openapiGroupVersionDoc(group, version) as { components: { schemas: Record<string, unknown> } };
      const dangling = refs(doc.components.schemas).filter((r) => !doc.components.schemas[r.replace('#/components/schemas/', '')]);
      expect(dangling, gv).toEqual([]);
    }
  });

  it('carries descriptions, required fields and Kubernetes\' merge keys', () => {
    const s = (openapiGroupVersionDoc('', 'v1') as { components: { schemas: Record<string, any> } }).components.schemas;
    expect(s['io.k8s.api.core.v1.Probe'].description).toMatch(/^Probe describes a health check/);
    expect(s['io.k8s.api.core.v1.Container'].required).toEqual(['name']);
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.volumes).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
    expect(s['io.k8s.api.core.v1.ServiceSpec'].properties.ports).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] });
  });
});
