/** Test harness for controllers: a fake client, real informers on it, a fake clock and recorder. */
import type { KubeObject } from '../../../shared/api/meta';
import type { GroupVersionResource } from '../../../shared/api/resources';
import { SharedInformerFactory, type Informer } from '../../client/informer';
import { FakeApiClient } from '../../client/testing/fake-client';
import { FakeClock } from '../../client/testing/fake-clock';
import { FakeRecorder } from '../../client/event-recorder';

export interface Harness {
  client: FakeApiClient;
  clock: FakeClock;
  recorder: FakeRecorder;
  factory: SharedInformerFactory;
  informer<T extends KubeObject>(gvr: GroupVersionResource): Informer<T>;
  /** start starts the informers and waits for their first list. */
  start(): Promise<void>;
  /** settle waits until every watch event the client has queued reached the informers. */
  settle(): Promise<void>;
  stop(): void;
}

/** newHarness builds a Harness; the fake client's timestamps follow the fake clock. */
export function newHarness(): Harness {
  const client = new FakeApiClient();
  const clock = new FakeClock();
  client.now = () => clock.now();
  const recorder = new FakeRecorder();
  const factory = new SharedInformerFactory(client, { clock });
  return {
    client,
    clock,
    recorder,
    factory,
    informer: <T extends KubeObject>(gvr: GroupVersionResource) => factory.informerFor<T>(gvr),
    async start() {
      factory.start();
      await factory.waitForCacheSync();
      await client.flush();
    },
    settle: () => client.flush(),
    stop: () => factory.stop(),
  };
}
