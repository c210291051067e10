/**
 * migrateStore between etcd prefixes on a real etcd, the store layer alone:
 * the source's history is read out of a key space shared with another
 * tenant writing in between (its events must not leak in), in chunks smaller
 * than the history, from the source's compaction point on; the target gets
 * the snapshot at that point and then the same writes in the same order.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import { etcdHistoryReader } from '../../src/main/storage/etcd/etcd-history';
import type { EtcdStore } from '../../src/main/storage/etcd/etcd-store';
import { migrateStore, openEtcdStore, type Store, type StoreEvent } from '../../src/main/storage';
import { etcdInstalled, startEtcdCluster, type EtcdCluster } from './helpers/etcd-cluster';

const haveEtcd = await etcdInstalled(); // throws under CI=true when etcd is missing

const etcds: EtcdCluster[] = [];
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  for (const e of etcds) await e.stop();
});

const shape = (evs: StoreEvent[]) => evs.map((e) => `${e.type} ${e.kv.key}=${e.type === 'delete' ? '' : e.kv.value}`);

describe.runIf(haveEtcd)('migrateStore on etcd', () => {
  it('copies one prefix into another: snapshot at the compaction point, then the writes in order, none of the other tenant', { timeout: 60_000 }, async () => {
    const etcd = await startEtcdCluster({ members: 1 });
    etcds.push(etcd);
    const open = async (prefix: string) => {
      const s = await openEtcdStore({ endpoints: etcd.endpoints, prefix });
      stores.push(s);
      return s;
    };
    const [src, other, dst] = [await open('/src'), await open('/other'), await open('/dst')];
    const put = async (s: Store, key: string, value: string) => {
      const cur = await s.get(key);
      return cur ? s.update(key, value, cur.modRevision) : s.create(key, value);
    };
    for (let i = 0; i < 6; i++) {
      await put(src, `/k${i}`, `v${i}`);
      await put(other, `/k${i}`, `other${i}`);
    }
    await put(src, '/k1', 'v1b');
    await src.delete('/k2');
    // Compacted here: the copy starts from this state.
    await src.compact(await src.currentRevision());
    const compacted = await src.compactedRevision();
    for (let i = 0; i < 5; i++) {
      await put(src, `/k${i % 3}`, `after${i}`);
      await put(other, '/noise', `n${i}`);
    }
    await src.delete('/k0');
    await put(src, '/k9', 'last');
    await put(other, '/noise', 'after-last');
    const upto = await src.currentRevision();

    const report = await migrateStore(src, dst, { history: etcdHistoryReader((src as EtcdStore).client, '/src', 2) });
    expect(report).toMatchObject({ fromRevision: compacted, toRevision: upto, snapshotWrites: 5, historyWrites: 7, keys: 6 });
    expect((await dst.list('')).items.map((kv) => `${kv.key}=${kv.value}`)).toEqual((await src.list('')).items.map((kv) => `${kv.key}=${kv.value}`));

    // The target's own history: the snapshot in last-write order, then the same writes as the source's since the compaction.
    const read = async (prefix: string, after: number) => {
      const out: StoreEvent[] = [];
      const raw = new Etcd3({ hosts: etcd.endpoints });
      try {
        await etcdHistoryReader(raw, prefix, 3)(after, Number((await raw.maintenance.status()).header.revision), async (evs) => {
          out.push(...evs);
        });
      } finally {
        raw.close();
      }
      return out;
    };
    const sourceAfter = shape(await read('/src', compacted));
    expect(sourceAfter).toHaveLength(7);
    expect(sourceAfter.join('\n')).not.toContain('other');
    // The copy was written after upto (same etcd, compacted below it).
    const copied = shape(await read('/dst', upto));
    expect(copied.slice(0, 5)).toEqual(['create /k0=v0', 'create /k3=v3', 'create /k4=v4', 'create /k5=v5', 'create /k1=v1b']);
    expect(copied.slice(5)).toEqual(sourceAfter);
  });
});
