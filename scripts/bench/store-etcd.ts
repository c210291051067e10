/**
 * etcd store figures: create/update/get latency and watch delivery of the
 * etcd backend on a real 3-member etcd cluster (loopback, data on the OS temp
 * disk), each beside the raw etcd3 client doing the least work that could
 * give the same answer (a plain put, a raw compare-and-swap transaction on
 * the key's mod revision, a plain get), measured in the same run against the
 * same cluster, subject and reference alternating (A B A B). The cluster is
 * stopped at the end.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Etcd3 } from 'etcd3';
import { openEtcdStore } from '../../src/main/storage';
import type { KeyValue } from '../../src/main/storage/types';
import { etcdInstalled, startEtcdCluster } from '../../tests/integration/helpers/etcd-cluster';
import { interleave, latencyRows, POD_SIZED_VALUE as VALUE, timeIt, watchDeliveryLatency, type BenchReporter } from './reporter';

const N = 500; // latency samples per operation (a 3-member cluster fsyncs every write)
const WATCH_SAMPLES = 200;

/** storeEtcd runs the etcd store section of the benchmark. */
export default async function storeEtcd(r: BenchReporter): Promise<void> {
  // No etcd, no reference: the section fails rather than print figures without one.
  if (!(await etcdInstalled())) throw new Error('etcd is not installed (apt-get install -y etcd-server): section not measured');
  r.section('store (etcd backend, 3 members on loopback)');
  const cluster = await startEtcdCluster({ members: 3, dataRoot: tmpdir() });
  const raw = new Etcd3({ hosts: cluster.endpoints });
  const s = await openEtcdStore({ endpoints: cluster.endpoints, prefix: `/bench-${randomUUID()}` });
  try {
    r.note(`${N} samples per latency, values of ${VALUE.length} bytes; reference = raw etcd3 put/get on the same cluster, same run`);
    const pad = (i: number) => String(i).padStart(6, '0');

    // Warm both clients' connections to every member before measuring.
    for (let i = 0; i < 30; i++) {
      await raw.put(`/warm/${i}`).value(VALUE);
      await s.get(`/warm/${i}`);
    }

    const cr = await interleave(
      N,
      (i) => s.create(`/registry/pods/default/p${pad(i)}`, VALUE),
      (i) => raw.put(`/raw/pods/${pad(i)}`).value(VALUE),
    );
    latencyRows(r, 'create', cr.a, cr.b, 'raw put');

    const kvs: KeyValue[] = (await s.list('/registry/pods/default/')).items;
    const rawRevs: string[] = [];
    for (let i = 0; i < N; i++) rawRevs.push((await raw.get(`/raw/pods/${pad(i)}`).exec()).kvs[0]!.mod_revision);
    const casPut = async (key: string, rev: string): Promise<string> => {
      const res = await raw.if(key, 'Mod', '==', rev).then(raw.put(key).value(VALUE)).commit();
      if (!res.succeeded) throw new Error(`raw CAS conflict on ${key}`);
      return res.header.revision;
    };
    const up = await interleave(
      N,
      async (i) => (kvs[i] = await s.update(kvs[i]!.key, VALUE, kvs[i]!.modRevision)),
      async (i) => (rawRevs[i] = await casPut(`/raw/pods/${pad(i)}`, rawRevs[i]!)),
    );
    latencyRows(r, 'update (CAS)', up.a, up.b, 'raw CAS txn (mod == rev)');

    const gt = await interleave(
      N,
      (i) => s.get(kvs[i]!.key),
      (i) => raw.get(`/raw/pods/${pad(i)}`).string(),
    );
    latencyRows(r, 'get', gt.a, gt.b, 'raw get');

    // Watch delivery, from the write to the watcher's callback, beside the raw CAS the write costs.
    const delivery: number[] = [];
    const rawCas: number[] = [];
    for (let round = 0; round < 10; round++) {
      delivery.push(...(await watchDeliveryLatency(s, '/registry/pods/', kvs[0]!.key, WATCH_SAMPLES / 10)));
      rawCas.push(...(await timeIt(WATCH_SAMPLES / 10, async () => (rawRevs[0] = await casPut(`/raw/pods/${pad(0)}`, rawRevs[0]!)))));
    }
    latencyRows(r, 'watch delivery', delivery, rawCas, 'raw CAS txn', ' (write → callback)');
  } finally {
    await s.close();
    raw.close();
    await cluster.stop();
  }
}
