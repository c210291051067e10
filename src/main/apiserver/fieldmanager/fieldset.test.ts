import { describe, expect, it } from 'vitest';
import { FieldSet, fieldElement, keyElement, pathString, valueElement } from './fieldset';

describe('FieldSet', () => {
  it('round-trips FieldsV1, with "." for a member that has members below it', () => {
    const v1 = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } }, 'f:replicas': {} },
    };
    const set = FieldSet.fromFieldsV1(v1);
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true);
    expect(set.has(['f:metadata'])).toBe(false);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe(true);
    expect(set.toFieldsV1()).toEqual(v1);
  });

  it('refuses FieldsV1 with an unknown path element', () => {
    expect(() => FieldSet.fromFieldsV1({ 'x:what': {} })).toThrow(/unknown path element/);
  });

  it('unions, intersects and subtracts paths', () => {
    const a = new FieldSet();
    a.insert(['f:spec', 'f:replicas']);
    a.insert(['f:spec', 'f:paused']);
    const b = new FieldSet();
    b.insert(['f:spec', 'f:replicas']);
    b.insert(['f:metadata', 'f:labels', 'f:x']);
    expect(a.intersection(b).paths()).toEqual([['f:spec', 'f:replicas']]);
    expect(a.difference(b).paths()).toEqual([['f:spec', 'f:paused']]);
    expect(a.union(b).paths()).toHaveLength(3);
    const sub = new FieldSet();
    sub.insert(['f:spec']);
    expect(a.withoutSubtrees(sub).empty()).toBe(true);
    expect(a.difference(sub).empty()).toBe(false);
  });

  it('spells keys sorted by field name, and paths as Kubernetes conflict messages do', () => {
    expect(keyElement({ protocol: 'TCP', containerPort: 80 })).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(pathString([fieldElement('spec'), fieldElement('replicas')])).toBe('.spec.replicas');
    expect(pathString(['f:spec', 'f:containers', keyElement({ name: 'web' }), 'f:image'])).toBe('.spec.containers[name="web"].image');
    expect(pathString(['f:metadata', 'f:finalizers', valueElement('x')])).toBe('.metadata.finalizers[="x"]');
    expect(pathString(['f:spec', 'i:0'])).toBe('.spec[0]');
  });
});
