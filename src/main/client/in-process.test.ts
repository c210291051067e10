import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../shared/api/meta';
import { GVR } from '../../shared/api/resources';
import { newFixture, pod, type Fixture } from '../apiserver/registry/testing/registry-fixture';
import { createInProcessClient } from './in-process';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** watchInto collects the events of a watch on pods in default. */
async function watchInto(client: ReturnType<typeof createInProcessClient>, sharedReadOnly: boolean, events: WatchEvent[]) {
  return client.watch(GVR.pods, 'default', { resourceVersion: String(await f!.store.currentRevision()), sharedReadOnly }, { onEvent: (ev) => events.push(ev as WatchEvent) });
}

async function until(pred: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('in-process client: shared read-only objects', () => {
  it('gives every shared watcher one frozen object per event, and a plain watcher its own copy', async () => {
    f = await newFixture();
    const client = createInProcessClient(f.registry);
    const a: WatchEvent[] = [];
    const b: WatchEvent[] = [];
    const plain: WatchEvent[] = [];
    const subs = [await watchInto(client, true, a), await watchInto(client.forComponent!('other'), true, b), await watchInto(client, false, plain)];
    await client.create(GVR.pods, 'default', pod('web'));
    await until(() => a.length === 1 && b.length === 1 && plain.length === 1);
    const shared = a[0]!.object as KubeObject;
    expect(b[0]!.object).toBe(shared);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(shared.metadata)).toBe(true);
    expect(() => {
      (shared.metadata as { name?: string }).name = 'changed';
    }).toThrow(TypeError);
    const own = plain[0]!.object as KubeObject;
    expect(own).not.toBe(shared);
    // The shared copy is a cache's: the same object without managedFields.
    expect(own.metadata.managedFields?.length).toBeGreaterThan(0);
    expect(shared.metadata.managedFields).toBeUndefined();
    expect({ ...own, metadata: { ...own.metadata, managedFields: undefined } }).toEqual(shared);
    own.metadata.labels = { mine: 'yes' };
    expect(shared.metadata.labels).toEqual(pod('web').metadata.labels);
    for (const s of subs) s.stop();
  });

  it('lists frozen objects when asked, private mutable ones otherwise', async () => {
    f = await newFixture();
    const client = createInProcessClient(f.registry);
    await client.create(GVR.pods, 'default', pod('web'));
    const shared = await client.list(GVR.pods, 'default', { sharedReadOnly: true });
    expect(Object.isFrozen(shared.items[0])).toBe(true);
    const own = await client.list(GVR.pods, 'default');
    expect(Object.isFrozen(own.items[0])).toBe(false);
    expect(shared.items[0]!.metadata.managedFields).toBeUndefined();
    expect({ ...own.items[0]!, metadata: { ...own.items[0]!.metadata, managedFields: undefined } }).toEqual(shared.items[0]);
  });
});
