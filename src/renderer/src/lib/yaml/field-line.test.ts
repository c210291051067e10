import { describe, expect, it } from 'vitest';
import { findFieldLine } from './field-line';

const text = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  replicas: three', '  template:', '    spec:', '      containers:', '        - name: c', '          image: 5', ''].join('\n');

describe('findFieldLine', () => {
  it('finds a nested field and a field inside a list item', () => {
    const r = findFieldLine(text, 'spec.replicas');
    expect(r?.line).toBe(6);
    expect(text.slice(r!.start, r!.end)).toBe('  replicas: three');
    expect(findFieldLine(text, 'spec.template.spec.containers[0].image')?.line).toBe(11);
    expect(findFieldLine(text, 'metadata.name')?.line).toBe(4);
  });
  it('says when the field is not written', () => {
    expect(findFieldLine(text, 'spec.paused')).toBeUndefined();
  });
});
