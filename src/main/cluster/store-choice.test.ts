import { describe, expect, it } from 'vitest';
import { defaultEtcdPrefix, describeStore, etcdOptions, parseStoreUrl, StoreChoiceError } from './store-choice';
import { parseClusterConfig } from './config';

describe('parseStoreUrl', () => {
  it('reads sqlite and etcd URLs with hosts, prefix and TLS files', () => {
    expect(parseStoreUrl('sqlite')).toEqual({ kind: 'sqlite' });
    expect(parseStoreUrl('etcd://127.0.0.1:2379')).toEqual({ kind: 'etcd', endpoints: ['http://127.0.0.1:2379'] });
    expect(parseStoreUrl('etcd://a:2379,b.example:32379/team/dev/')).toEqual({ kind: 'etcd', endpoints: ['http://a:2379', 'http://b.example:32379'], prefix: '/team/dev' });
    expect(parseStoreUrl('etcds://[::1]:2379?ca=/c/ca.crt&cert=/c/me.crt&key=/c/me.key')).toEqual({
      kind: 'etcd',
      endpoints: ['https://[::1]:2379'],
      tls: { caFile: '/c/ca.crt', certFile: '/c/me.crt', keyFile: '/c/me.key' },
    });
  });

  it.each([
    ['postgres://x:1', /not a store URL/],
    ['etcd://', /"" is not host:port/],
    ['etcd://host', /"host" is not host:port/],
    ['etcd://host:99999', /"host:99999" is not host:port/],
    ['etcd://h:1?ca=/x', /TLS files need the etcds:\/\/ scheme/],
    ['etcds://h:1?cert=/x', /needs both cert and key/],
    ['etcds://h:1?cert=/x&key=/y', /needs the CA too/],
    ['etcds://h:1?token=x', /unknown parameter "token"/],
    ['etcd://h:1/a//b', /empty segment/],
  ])('refuses %s, naming the flag and what is wrong', (url, why) => {
    expect(() => parseStoreUrl(url)).toThrow(StoreChoiceError);
    expect(() => parseStoreUrl(url)).toThrow(why);
    expect(() => parseStoreUrl(url)).toThrow(/^--store: /);
  });

  it('gives each cluster its own default prefix and says where the state is', () => {
    const choice = parseStoreUrl('etcd://h:2379');
    expect(etcdOptions(choice as Extract<typeof choice, { kind: 'etcd' }>, 'abc123abc123').prefix).toBe(defaultEtcdPrefix('abc123abc123'));
    expect(describeStore(choice, '/d', 'abc123abc123')).toBe('etcd http://h:2379 under /kubedeck/abc123abc123');
    expect(describeStore({ kind: 'sqlite' }, '/d', 'x')).toBe('SQLite /d/state.db');
  });

  it('names the TLS file it cannot read', () => {
    const choice = parseStoreUrl('etcds://h:2379?ca=/nonexistent/ca.crt');
    expect(() => etcdOptions(choice as Extract<typeof choice, { kind: 'etcd' }>, 'x')).toThrow(/cannot read the etcd CA \/nonexistent\/ca.crt/);
  });
});

describe('config.yaml store:', () => {
  it('takes a store URL', () => {
    expect(parseClusterConfig('store: etcd://127.0.0.1:2379/k').store).toEqual({ kind: 'etcd', endpoints: ['http://127.0.0.1:2379'], prefix: '/k' });
  });
  it('refuses a mapping or a bad URL, naming the file and field', () => {
    expect(() => parseClusterConfig('store: { etcd: x }')).toThrow(/config.yaml: store: must be a store URL/);
    expect(() => parseClusterConfig('store: etcd://nohost')).toThrow(/config.yaml: store: "nohost" is not host:port/);
  });
});
