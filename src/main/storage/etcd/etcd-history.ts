/**
 * Reading one prefix's history out of etcd as a finite stream (see
 * ../history-reader.ts). etcd's revision counts the writes of the whole
 * cluster, so the last event of this prefix up to revision N cannot be
 * recognised among the prefix's own events. But every revision after the
 * first is at least one event somewhere in the key space, so the reader
 * watches the whole key space, keeps the prefix's events, and is done at the
 * first event at or past N. (Watch progress requests would say it more
 * cheaply, but etcd before 3.4.24 answers them before a catching-up watcher
 * has sent its history.) This reads other tenants' events too, and needs read
 * access to the whole key space.
 *
 * History is read in chunks of at most CHUNK of the prefix's events: etcd
 * sends a watch's history without flow control, so each chunk's stream is
 * closed once it is full and the next starts after its last event (Kubedeck
 * writes one key per revision, so no revision of the prefix is split).
 */
import type { Etcd3, IWatchResponse } from 'etcd3';
import type { HistoryReader } from '../history-reader';
import { CompactedError, StoreError, type StoreEvent } from '../types';
import { endStream, eventFrom } from './etcd-watch';
import { KeySpace } from './key-space';

const CHUNK = 5_000;
/** A chunk that receives nothing for this long has lost its member. */
const STALL_MS = 30_000;

interface Chunk {
  events: StoreEvent[];
  /** True when every event up to `upto` has been received. */
  complete: boolean;
}

/** readChunk collects the prefix's events in (after, upto], up to CHUNK of them. */
async function readChunk(client: Etcd3, keys: KeySpace, after: number, upto: number, chunk: number): Promise<Chunk> {
  const stream = await client.watchClient.watch();
  const all = new KeySpace('');
  const base = Buffer.from(keys.prefix, 'utf8');
  return new Promise<Chunk>((resolve, reject) => {
    const events: StoreEvent[] = [];
    let lastActivity = Date.now();
    let settled = false;
    const finish = (err: Error | undefined, complete = false) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      endStream(stream);
      if (err) reject(err);
      else resolve({ events, complete });
    };
    const timer = setInterval(() => {
      if (Date.now() - lastActivity > STALL_MS) finish(new StoreError(`etcd sent no history after revision ${after} for ${STALL_MS / 1000} s`));
    }, 1_000);
    stream.on('data', (res: IWatchResponse) => {
      lastActivity = Date.now();
      const compacted = Number(res.compact_revision);
      if (compacted > 0) return finish(new CompactedError(after, compacted));
      if (res.canceled) return finish(new StoreError(`etcd canceled the history watch: ${res.cancel_reason || 'no reason given'}`));
      for (const ev of res.events) {
        const rev = Number(ev.kv.mod_revision);
        if (rev <= after) continue;
        if (rev > upto) return finish(undefined, true);
        if (ev.kv.key.subarray(0, base.length).equals(base)) events.push(eventFrom(keys, ev));
        if (rev === upto) return finish(undefined, true);
      }
      // Only at a response's end: the next chunk resumes after the last kept event.
      if (events.length >= chunk) finish(undefined, false);
    });
    stream.on('error', (err: Error) => finish(err));
    stream.on('end', () => finish(new StoreError('etcd history watch ended')));
    // The whole key space, from the first revision wanted (inclusive).
    stream.write({ create_request: { ...all.range(''), start_revision: after + 1, prev_kv: true } });
  });
}

/** etcdHistoryReader reads the history of the keys under prefix (an EtcdStore's prefix); `chunk` bounds the events per watch (tests). */
export function etcdHistoryReader(client: Etcd3, prefix: string, chunk = CHUNK): HistoryReader {
  const keys = new KeySpace(prefix);
  return async (after, upto, onEvents) => {
    // Revision 1 is etcd's empty start: no event has it.
    let cursor = Math.max(after, 1);
    while (cursor < upto) {
      const got = await readChunk(client, keys, cursor, upto, chunk);
      if (got.events.length > 0) await onEvents(got.events);
      if (got.complete) return;
      cursor = got.events[got.events.length - 1]!.kv.modRevision;
    }
  };
}
