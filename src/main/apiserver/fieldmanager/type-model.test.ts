import { describe, expect, it } from 'vitest';
import { fieldSchema, rootSchema, typeOf, type TypeNode } from './type-model';

/** at follows field names from a kind's root, through list elements. */
function at(kind: [string, string, string], ...path: string[]): TypeNode {
  let t = typeOf(rootSchema(...kind));
  for (const name of path) {
    if (t.kind === 'list') t = typeOf(t.elem);
    t = typeOf(fieldSchema(t, name));
  }
  return t;
}

const deployment: [string, string, string] = ['apps', 'v1', 'Deployment'];
const podSpec = ['spec', 'template', 'spec'];

describe('type model from the served OpenAPI schemas', () => {
  it('reads list types and map keys, falling back to patch merge keys', () => {
    expect(at(deployment, ...podSpec, 'containers')).toMatchObject({ kind: 'list', listType: 'map', keys: ['name'] });
    expect(at(deployment, ...podSpec, 'containers', 'ports')).toMatchObject({ kind: 'list', listType: 'map', keys: ['containerPort', 'protocol'] });
    expect(at(deployment, ...podSpec, 'containers', 'env')).toMatchObject({ kind: 'list', listType: 'map', keys: ['name'] });
    expect(at(deployment, ...podSpec, 'tolerations')).toMatchObject({ kind: 'list', listType: 'atomic' });
    expect(at(deployment, 'metadata', 'finalizers')).toMatchObject({ kind: 'list', listType: 'set' });
  });

  it('tells structs, free-form maps and atomic maps apart', () => {
    expect(at(deployment, 'spec')).toMatchObject({ kind: 'map', atomic: false, elem: undefined });
    const labels = at(deployment, 'metadata', 'labels');
    expect(labels.kind === 'map' && labels.elem !== undefined && Object.keys(labels.fields).length === 0).toBe(true);
    expect(at(deployment, 'spec', 'selector')).toMatchObject({ kind: 'map', atomic: true });
    expect(at(deployment, 'spec', 'replicas')).toEqual({ kind: 'scalar' });
  });

  it('is deduced for a kind without a published schema', () => {
    expect(rootSchema('example.com', 'v1', 'Nothing')).toBeUndefined();
    expect(typeOf(undefined)).toEqual({ kind: 'deduced' });
  });
});
