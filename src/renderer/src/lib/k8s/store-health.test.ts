import { describe, expect, it } from 'vitest';
import type { EtcdMemberHealth, StoreHealth } from '../../../../shared/api/store-health';
import { storeSummary } from './store-health';

const member = (name: string, healthy: boolean, isLeader = false): EtcdMemberHealth => ({ id: name, name, url: `http://${name}`, healthy, isLeader });
const etcd = (leader: string, members: EtcdMemberHealth[]): StoreHealth => ({ kind: 'StoreHealth', apiVersion: 'kubedeck.io/v1', backend: 'etcd', revision: 5, etcd: { prefix: '/k/', leader, members } });

describe('storeSummary', () => {
  it('is healthy for SQLite that answers, and an error when the store does not answer', () => {
    expect(storeSummary({ kind: 'StoreHealth', apiVersion: 'kubedeck.io/v1', backend: 'sqlite', revision: 1 })).toEqual({ text: 'healthy', tone: 'ok' });
    expect(storeSummary({ kind: 'StoreHealth', apiVersion: 'kubedeck.io/v1', backend: 'etcd', error: 'x' }).tone).toBe('error');
  });

  it('counts healthy etcd members: all of them ok, a minority down a warning, no quorum or no leader an error', () => {
    expect(storeSummary(etcd('a', [member('a', true, true), member('b', true), member('c', true)]))).toEqual({ text: '3/3 members healthy', tone: 'ok' });
    expect(storeSummary(etcd('a', [member('a', true, true), member('b', true), member('c', false)]))).toEqual({ text: '2/3 members healthy', tone: 'progress' });
    expect(storeSummary(etcd('a', [member('a', true, true), member('b', false), member('c', false)])).tone).toBe('error');
    expect(storeSummary(etcd('', [member('a', false), member('b', false)])).text).toBe('no quorum (0/2)');
  });
});
