import { describe, expect, it } from 'vitest';
import { CompactedError, type StoreEvent, type WatchCallbacks } from './types';
import { WatchDelivery } from './watch-delivery';

function ev(rev: number): StoreEvent {
  return { type: 'create', kv: { key: `/k/${rev}`, value: 'v', createRevision: rev, modRevision: rev } };
}

/** recorder collects batches and errors; batches may be held back by setting hold. */
function recorder() {
  const batches: number[][] = [];
  const errors: Error[] = [];
  let hold: Promise<void> | undefined;
  const cb: WatchCallbacks = {
    onEvents: (events) => {
      batches.push(events.map((e) => e.kv.modRevision));
      return hold;
    },
    onError: (err) => errors.push(err),
  };
  return {
    cb,
    batches,
    errors,
    setHold(p: Promise<void> | undefined) {
      hold = p;
    },
  };
}

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe('WatchDelivery', () => {
  it('delivers asynchronously, in order, in batches of batchSize', async () => {
    const r = recorder();
    const d = new WatchDelivery(r.cb, { maxQueuedEvents: 100, batchSize: 2 }, { onClose: () => {} });
    for (let i = 1; i <= 5; i++) expect(d.enqueue(ev(i))).toBe(true);
    expect(r.batches).toEqual([]); // nothing inside the enqueuing call stack
    await until(() => r.batches.flat().length === 5);
    expect(r.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('waits for the promise onEvents returns and refuses events beyond the bound', async () => {
    const r = recorder();
    let release = () => {};
    r.setHold(new Promise<void>((resolve) => (release = resolve)));
    const d = new WatchDelivery(r.cb, { maxQueuedEvents: 2, batchSize: 10 }, { onClose: () => {} });
    d.enqueue(ev(1));
    await until(() => r.batches.length === 1);
    expect(d.enqueue(ev(2))).toBe(true);
    expect(d.enqueue(ev(3))).toBe(true);
    expect(d.enqueue(ev(4))).toBe(false); // full while the consumer holds the first batch
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(r.batches).toEqual([[1]]);
    r.setHold(undefined);
    release();
    await until(() => r.batches.length === 2);
    expect(r.batches).toEqual([[1], [2, 3]]);
  });

  it('fail closes once, reports onError once and asynchronously, and delivers nothing after', async () => {
    const r = recorder();
    let closes = 0;
    const d = new WatchDelivery(r.cb, { maxQueuedEvents: 10, batchSize: 10 }, { onClose: () => closes++ });
    d.enqueue(ev(1));
    const err = new Error('boom');
    d.fail(err);
    d.fail(new Error('second'));
    d.close();
    expect(d.closed).toBe(true);
    expect(closes).toBe(1);
    expect(r.errors).toEqual([]);
    await until(() => r.errors.length === 1);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(r.errors).toEqual([err]);
    expect(r.batches).toEqual([]); // the queued event was dropped with the watch
  });

  it('delivers replay pages before queued events, and a replay error ends the watch', async () => {
    const r = recorder();
    const pages: StoreEvent[][] = [[ev(1), ev(2)], [], [ev(3)]];
    const d = new WatchDelivery(r.cb, { maxQueuedEvents: 10, batchSize: 10 }, { onClose: () => {}, replay: () => pages.shift() });
    d.enqueue(ev(4));
    await until(() => r.batches.flat().length === 4);
    expect(r.batches).toEqual([[1, 2], [3], [4]]); // the empty page calls no onEvents

    const r2 = recorder();
    const compacted = new CompactedError(1, 5);
    const d2 = new WatchDelivery(r2.cb, { maxQueuedEvents: 10, batchSize: 10 }, {
      onClose: () => {},
      replay: () => {
        throw compacted;
      },
    });
    d2.enqueue(ev(6));
    await until(() => r2.errors.length === 1);
    expect(r2.errors[0]).toBe(compacted);
    expect(r2.batches).toEqual([]);
    expect(d2.closed).toBe(true);
  });
});
