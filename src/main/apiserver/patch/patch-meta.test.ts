import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../../shared/api/resources';
import { schemaForKind } from './patch-meta';

describe('schemaForKind', () => {
  it('has strategic merge patch metadata for every served kind and for Scale', () => {
    for (const kind of [...RESOURCES.map((r) => r.kind), 'Scale']) {
      expect(schemaForKind(kind), kind).toBeDefined();
    }
  });

  it('knows nothing of other kinds, nor of Object.prototype keys', () => {
    expect(schemaForKind('Widget')).toBeUndefined();
    expect(schemaForKind('toString')).toBeUndefined();
  });
});
