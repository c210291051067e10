import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../../shared/api/meta';
import { applyWatchEvent, applyWatchEvents, compareResourceVersions, LineSplitter, type LiveList } from './watch-cache';

const obj = (uid: string, rv: string, extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { uid, name: uid, namespace: 'default', resourceVersion: rv },
  ...extra,
});
const ev = (type: WatchEvent['type'], o: KubeObject): WatchEvent => ({ type, object: o });

describe('applyWatchEvent', () => {
  const base: LiveList = Object.freeze({ items: Object.freeze([obj('a', '5')]) as KubeObject[], resourceVersion: '5' });

  it('adds, modifies and deletes by uid without mutating the cached list', () => {
    const added = applyWatchEvent(base, ev('ADDED', obj('b', '6')));
    expect(added.items.map((o) => o.metadata.uid)).toEqual(['a', 'b']);
    expect(added.resourceVersion).toBe('6');
    const modified = applyWatchEvent(added, ev('MODIFIED', obj('a', '7', { spec: { x: 1 } })));
    expect(modified.items[0]).toMatchObject({ spec: { x: 1 } });
    expect(added.items[0]).not.toHaveProperty('spec');
    const deleted = applyWatchEvent(modified, ev('DELETED', obj('a', '8')));
    expect(deleted.items.map((o) => o.metadata.uid)).toEqual(['b']);
    expect(deleted.resourceVersion).toBe('8');
    expect(base.items).toHaveLength(1);
  });

  it('skips stale and duplicate events', () => {
    const newer = applyWatchEvent(base, ev('MODIFIED', obj('a', '9', { spec: { v: 'new' } })));
    const stale = applyWatchEvent(newer, ev('MODIFIED', obj('a', '7', { spec: { v: 'old' } })));
    expect(stale).toBe(newer);
    expect(applyWatchEvent(newer, ev('ADDED', obj('a', '9', { spec: { v: 'new' } })))).toBe(newer);
    expect(applyWatchEvent(newer, ev('DELETED', obj('a', '3')))).toBe(newer);
  });

  it('treats a recreated object (same name, new uid) as a new item', () => {
    const next = applyWatchEvent(base, ev('ADDED', { metadata: { uid: 'a2', name: 'a', namespace: 'default', resourceVersion: '6' } }));
    expect(next.items).toHaveLength(2);
  });

  it('moves the resourceVersion on bookmarks only forward', () => {
    expect(applyWatchEvent(base, ev('BOOKMARK', { metadata: { resourceVersion: '20' } })).resourceVersion).toBe('20');
    expect(applyWatchEvent(base, ev('BOOKMARK', { metadata: { resourceVersion: '2' } }))).toBe(base);
  });

  it('compares resourceVersions numerically', () => {
    expect(compareResourceVersions('10', '9')).toBe(1);
    expect(compareResourceVersions('9', '10')).toBe(-1);
    expect(compareResourceVersions('abc', '9')).toBe(0);
  });
});

describe('applyWatchEvents', () => {
  const base: LiveList = Object.freeze({ items: Object.freeze([obj('a', '5'), obj('b', '5'), obj('c', '5')]) as KubeObject[], resourceVersion: '5' });
  const batches: WatchEvent[][] = [
    [ev('ADDED', obj('d', '6')), ev('MODIFIED', obj('a', '7', { spec: { x: 1 } })), ev('DELETED', obj('b', '8')), ev('ADDED', obj('e', '9'))],
    [ev('MODIFIED', obj('c', '6')), ev('MODIFIED', obj('c', '4', { spec: { stale: true } })), ev('MODIFIED', obj('c', '6', { spec: { dup: true } }))],
    [ev('DELETED', obj('a', '6')), ev('ADDED', obj('a2', '7')), ev('DELETED', obj('zz', '8')), ev('BOOKMARK', { metadata: { resourceVersion: '30' } })],
    [ev('ADDED', obj('f', '6')), ev('DELETED', obj('f', '7'))],
  ];

  it('gives the same list as folding the events one by one', () => {
    for (const events of batches) {
      const oneByOne = events.reduce((l, e) => applyWatchEvent(l, e), base);
      expect(applyWatchEvents(base, events)).toEqual(oneByOne);
    }
  });

  it('returns the same list when no event changes it, and never mutates it', () => {
    const none = [ev('MODIFIED', obj('a', '5')), ev('DELETED', obj('a', '2'))];
    expect(applyWatchEvents(base, none)).toBe(base);
    expect(applyWatchEvents(base, [ev('MODIFIED', obj('a', '5')), ev('BOOKMARK', { metadata: { resourceVersion: '9' } })])).toEqual({ items: base.items, resourceVersion: '9' });
    expect(base.items.map((o) => o.metadata.uid)).toEqual(['a', 'b', 'c']);
  });
});

describe('LineSplitter', () => {
  it('reassembles lines split across chunks', () => {
    const s = new LineSplitter();
    expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(s.push(':2}\n\n{"c":3')).toEqual(['{"b":2}']);
    expect(s.flush()).toEqual(['{"c":3']);
  });
});
