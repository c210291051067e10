import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../shared/api/meta';
import { AGE } from './common';
import type { Column } from './kind';
import { nextSort, sortObjects } from './sort';

const obj = (name: string, created: string, restarts = 0): KubeObject & { restarts: number } => ({ metadata: { name, namespace: 'default', creationTimestamp: created }, restarts });
const RESTARTS: Column = { header: 'Restarts', value: (o) => String((o as { restarts?: number }).restarts), numeric: (o) => (o as { restarts?: number }).restarts ?? 0 };
const cols = [RESTARTS, AGE];
const now = Date.parse('2026-01-01T01:00:00Z');

describe('sortObjects', () => {
  const items = [obj('web-10', '2026-01-01T00:10:00Z', 2), obj('web-9', '2026-01-01T00:50:00Z', 11), obj('db', '2026-01-01T00:30:00Z', 0)];
  it('sorts names naturally', () => {
    expect(sortObjects(items, cols, { column: 'Name', descending: false }, now).map((o) => o.metadata.name)).toEqual(['db', 'web-9', 'web-10']);
  });
  it('sorts restarts as numbers, both ways', () => {
    expect(sortObjects(items, cols, { column: 'Restarts', descending: false }, now).map((o) => o.metadata.name)).toEqual(['db', 'web-10', 'web-9']);
    expect(sortObjects(items, cols, { column: 'Restarts', descending: true }, now).map((o) => o.metadata.name)).toEqual(['web-9', 'web-10', 'db']);
  });
  it('sorts by age youngest first', () => {
    expect(sortObjects(items, cols, { column: 'Age', descending: false }, now).map((o) => o.metadata.name)).toEqual(['web-9', 'db', 'web-10']);
  });
  it('a click on the same header flips, a new one starts ascending', () => {
    expect(nextSort({ column: 'Age', descending: false }, 'Age')).toEqual({ column: 'Age', descending: true });
    expect(nextSort({ column: 'Age', descending: true }, 'Name')).toEqual({ column: 'Name', descending: false });
  });
});
