import type { IEvent, IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { eventFrom } from './etcd-watch';
import { KeySpace } from './key-space';

const keys = new KeySpace('/p');

function kv(key: string, value: string, create: number, mod: number): IKeyValue {
  return { key: keys.key(key), value: Buffer.from(value), create_revision: String(create), mod_revision: String(mod), version: '1', lease: '0' };
}

describe('eventFrom', () => {
  it('maps a put whose create and mod revisions are equal to a create without prevKv', () => {
    const ev = { type: 'Put', kv: kv('/a', 'v1', 5, 5) } as IEvent;
    expect(eventFrom(keys, ev)).toEqual({ type: 'create', kv: { key: '/a', value: 'v1', createRevision: 5, modRevision: 5 } });
  });

  it('maps a later put to an update carrying the previous value', () => {
    const ev = { type: 'Put', kv: kv('/a', 'v2', 5, 7), prev_kv: kv('/a', 'v1', 5, 5) } as IEvent;
    expect(eventFrom(keys, ev)).toEqual({
      type: 'update',
      kv: { key: '/a', value: 'v2', createRevision: 5, modRevision: 7 },
      prevKv: { key: '/a', value: 'v1', createRevision: 5, modRevision: 5 },
    });
  });

  it('maps a delete to the last value at the deletion revision (etcd sends a bare tombstone)', () => {
    const tombstone: IKeyValue = { key: keys.key('/a'), value: Buffer.alloc(0), create_revision: '0', mod_revision: '9', version: '0', lease: '0' };
    const ev = { type: 'Delete', kv: tombstone, prev_kv: kv('/a', 'v2', 5, 7) } as IEvent;
    expect(eventFrom(keys, ev)).toEqual({
      type: 'delete',
      kv: { key: '/a', value: 'v2', createRevision: 5, modRevision: 9 },
      prevKv: { key: '/a', value: 'v2', createRevision: 5, modRevision: 7 },
    });
  });
});
