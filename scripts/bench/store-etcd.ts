/**
 * etcd store figures: create/update/get latency and watch delivery of the
 * etcd backend on a real 3-member etcd cluster (loopback, data on the OS temp
 * disk), each beside the raw etcd3 client doing the least work that could
 * give the same answer (a plain put, a plain get), measured in the same run
 * against the same cluster. The cluster is stopped at the end.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Etcd3 } from 'etcd3';
import { openEtcdStore } from '../../src/main/storage';
import type { KeyValue } from '../../src/main/storage/types';
import { etcdInstalled, startEtcdCluster } from '../../tests/integration/helpers/etcd-cluster';
import { latencyRows, POD_SIZED_VALUE as VALUE, timeIt, watchDeliveryLatency, type BenchReporter } from './reporter';

const N = 500; // latency samples per operation (a 3-member cluster fsyncs every write)
const WATCH_SAMPLES = 200;

/** storeEtcd runs the etcd store section of the benchmark. */
export default async function storeEtcd(r: BenchReporter): Promise<void> {
  r.section('store (etcd backend, 3 members on loopback)');
  if (!(await etcdInstalled())) {
    r.note('etcd is not installed (apt-get install -y etcd-server): section not measured');
    return;
  }
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

    const rawPut = await timeIt(N, (i) => raw.put(`/raw/pods/${pad(i)}`).value(VALUE));
    const create = await timeIt(N, (i) => s.create(`/registry/pods/default/p${pad(i)}`, VALUE));
    latencyRows(r, 'create', create, rawPut, 'raw put');

    const kvs: KeyValue[] = (await s.list('/registry/pods/default/')).items;
    const update = await timeIt(N, (i) => s.update(kvs[i]!.key, VALUE, kvs[i]!.modRevision));
    latencyRows(r, 'update (CAS)', update, rawPut, 'raw put');

    const rawGet = await timeIt(N, (i) => raw.get(`/raw/pods/${pad(i)}`).string());
    const get = await timeIt(N, (i) => s.get(kvs[i]!.key));
    latencyRows(r, 'get', get, rawGet, 'raw get');

    // Watch delivery: from the moment the write is issued to the watcher's callback.
    const delivery = await watchDeliveryLatency(s, '/registry/pods/', kvs[0]!.key, WATCH_SAMPLES);
    latencyRows(r, 'watch delivery', delivery, rawPut, 'raw put', ' (write → callback)');
  } finally {
    await s.close();
    raw.close();
    await cluster.stop();
  }
}
