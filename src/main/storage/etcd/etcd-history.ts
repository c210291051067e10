/**
 * Reading one prefix's history out of etcd as a finite stream (see
 * ../history-reader.ts). etcd's revision counts the writes of the whole
 * cluster, so "the last event of this prefix up to revision N" cannot be
 * recognised from the events; instead the reader asks for watch progress
 * (WatchProgressRequest, etcd 3.4+): etcd answers with an empty response once
 * the watcher has caught up, and its header revision says that every event up
 * to it has been sent. etcd answers only a caught-up watcher, so the request
 * is repeated after each batch and while nothing arrives.
 *
 * History is read in chunks of at most CHUNK events: etcd sends a watch's
 * history without flow control, so each chunk's stream is closed once it is
 * full and the next one starts after the last event handled.
 */
import type { Etcd3, IWatchResponse } from 'etcd3';
import type { HistoryReader } from '../history-reader';
import { CompactedError, StoreError, type StoreEvent } from '../types';
import { endStream, eventFrom } from './etcd-watch';
import { KeySpace } from './key-space';

const CHUNK = 5_000;
/** How often an unanswered progress request is repeated (etcd ignores it until the watcher is synced). */
const PROGRESS_EVERY_MS = 100;
/** A chunk that neither grows nor reports progress for this long has lost its member. */
const STALL_MS = 30_000;

interface Chunk {
  events: StoreEvent[];
  /** True when every event up to `upto` has been received. */
  complete: boolean;
}

/** readChunk collects the events in (after, upto], up to CHUNK of them. */
async function readChunk(client: Etcd3, keys: KeySpace, after: number, upto: number): Promise<Chunk> {
  const stream = await client.watchClient.watch();
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
    const askProgress = () => {
      if (Date.now() - lastActivity > STALL_MS) {
        finish(new StoreError(`etcd sent no history after revision ${after} for ${STALL_MS / 1000} s`));
        return;
      }
      stream.write({ progress_request: {} });
    };
    const timer = setInterval(askProgress, PROGRESS_EVERY_MS);
    stream.on('data', (res: IWatchResponse) => {
      lastActivity = Date.now();
      const compacted = Number(res.compact_revision);
      if (compacted > 0) return finish(new CompactedError(after, compacted));
      if (res.canceled) return finish(new StoreError(`etcd canceled the history watch: ${res.cancel_reason || 'no reason given'}`));
      if (res.created) return askProgress();
      if (res.events.length === 0) {
        // Progress: every event up to the header revision has been sent.
        if (Number(res.header.revision) >= upto) finish(undefined, true);
        return;
      }
      for (const ev of res.events) {
        const rev = Number(ev.kv.mod_revision);
        if (rev <= after) continue;
        if (rev > upto) return finish(undefined, true);
        events.push(eventFrom(keys, ev));
        if (rev === upto) return finish(undefined, true);
        if (events.length >= CHUNK) return finish(undefined, false);
      }
      askProgress();
    });
    stream.on('error', (err: Error) => finish(err));
    stream.on('end', () => finish(new StoreError('etcd history watch ended')));
    // Inclusive start: after + 1 is the first revision wanted.
    stream.write({ create_request: { ...keys.range(''), start_revision: after + 1, prev_kv: true } });
  });
}

/** etcdHistoryReader reads the history of the keys under prefix (an EtcdStore's prefix). */
export function etcdHistoryReader(client: Etcd3, prefix: string): HistoryReader {
  const keys = new KeySpace(prefix);
  return async (after, upto, onEvents) => {
    let cursor = after;
    while (cursor < upto) {
      const chunk = await readChunk(client, keys, cursor, upto);
      if (chunk.events.length > 0) {
        await onEvents(chunk.events);
        cursor = chunk.events[chunk.events.length - 1]!.kv.modRevision;
      }
      if (chunk.complete) return;
    }
  };
}
