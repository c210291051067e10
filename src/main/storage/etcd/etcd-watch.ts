/**
 * One Store watcher on an etcd watch stream.
 *
 * - etcd delivers a watch's events in revision order, from history first and
 *   then live, with the previous value when asked (prev_kv); this maps them
 *   to StoreEvents (a put whose create and mod revisions are equal is a create).
 * - Exact compaction semantics: the stream starts at fromRevision itself
 *   (etcd refuses a start below its compacted revision, which is the
 *   contract's "fromRevision < compacted" rule) and events at fromRevision are
 *   dropped, since the watcher asked for what came after it.
 * - Member loss: when the stream breaks, the watcher reconnects (to whichever
 *   member answers) from the last revision it received, so the consumer sees
 *   neither a gap nor a duplicate; only when reconnecting keeps failing past a
 *   deadline does the watch end with the error.
 * - Slow consumers: received events queue per watcher in a WatchDelivery
 *   (shared with the sqlite broadcaster); an overflow ends the watch with WatcherTooSlowError
 *   (etcd and the writers are never held back).
 *
 * Each watcher has its own gRPC stream (streams share the HTTP/2 connection
 * of their member), which keeps resumption and cancellation per watcher.
 */
import type { Etcd3, IDuplexStream, IEvent, IKeyValue, IWatchRequest, IWatchResponse } from 'etcd3';
import { CompactedError, StoreError, WatcherTooSlowError, type KeyValue, type StoreEvent, type WatchCallbacks, type Watcher } from '../types';
import { WatchDelivery } from '../watch-delivery';
import type { KeySpace } from './key-space';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

/** EtcdWatchOptions bound a watcher's queue and its reconnection. */
export interface EtcdWatchOptions {
  /** Events a watcher may have queued before it is dropped. */
  maxQueuedEvents: number;
  /** Events per onEvents call. */
  batchSize: number;
  /** How long a broken stream keeps trying to reconnect before the watch fails. */
  reconnectTimeoutMs: number;
  /** First and largest delay between reconnection attempts. */
  reconnectInitialDelayMs: number;
  reconnectMaxDelayMs: number;
}

/** EtcdWatchHost is what a watcher needs from its store. */
export interface EtcdWatchHost {
  client: Etcd3;
  keys: KeySpace;
  options: EtcdWatchOptions;
  /** noteCompacted records a compacted revision learnt from etcd. */
  noteCompacted(revision: number): void;
  /** forget removes a closed watcher from the store's set. */
  forget(w: EtcdWatch): void;
  /** onReconnect counts a re-established stream. */
  onReconnect(): void;
}

/** kvFrom converts an etcd key-value of this key space. */
export function kvFrom(keys: KeySpace, kv: IKeyValue): KeyValue {
  return {
    key: keys.unkey(kv.key),
    value: kv.value.toString('utf8'),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

/** eventFrom converts one etcd watch event to a StoreEvent. */
export function eventFrom(keys: KeySpace, ev: IEvent): StoreEvent {
  const prevKv = ev.prev_kv ? kvFrom(keys, ev.prev_kv) : undefined;
  if (ev.type === 'Delete') {
    // etcd's tombstone carries only the key and the deletion revision; the
    // contract wants the last value at the deletion revision.
    const kv: KeyValue = {
      key: keys.unkey(ev.kv.key),
      value: prevKv?.value ?? '',
      createRevision: prevKv?.createRevision ?? 0,
      modRevision: Number(ev.kv.mod_revision),
    };
    return prevKv ? { type: 'delete', kv, prevKv } : { type: 'delete', kv };
  }
  const kv = kvFrom(keys, ev.kv);
  if (kv.createRevision === kv.modRevision) return { type: 'create', kv };
  return prevKv ? { type: 'update', kv, prevKv } : { type: 'update', kv };
}

/** endStream closes a stream without etcd3 counting it as a member failure. */
export function endStream(stream: WatchStream): void {
  // end() first: etcd3 reports a stream error to the member's circuit breaker
  // (and resets the member's channels) only while the stream is writable.
  stream.on('error', () => {});
  stream.end();
  stream.cancel();
}

/** EtcdWatch is one live watcher; see the file comment. */
export class EtcdWatch implements Watcher {
  private readonly delivery: WatchDelivery;
  private stream: WatchStream | undefined;
  /** Revision up to which every event has been received (the resume point). */
  private received: number;
  private failingSince = 0;
  private reconnectDelay: number;
  private timer: NodeJS.Timeout | undefined;
  private everConnected = false;

  constructor(
    private readonly host: EtcdWatchHost,
    readonly prefix: string,
    readonly fromRevision: number,
    cb: WatchCallbacks,
  ) {
    this.received = fromRevision;
    this.reconnectDelay = host.options.reconnectInitialDelayMs;
    this.delivery = new WatchDelivery(cb, host.options, { onClose: () => this.ended() });
  }

  private get closed(): boolean {
    return this.delivery.closed;
  }

  /** start opens the first stream. */
  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (this.closed) return;
    let stream: WatchStream;
    try {
      stream = await this.host.client.watchClient.watch();
    } catch (err) {
      this.broken(err);
      return;
    }
    if (this.closed) {
      endStream(stream);
      return;
    }
    if (this.stream === undefined && this.everConnected) this.host.onReconnect();
    this.everConnected = true;
    this.stream = stream;
    stream.on('data', (res: IWatchResponse) => this.onResponse(stream, res));
    stream.on('error', (err: Error) => this.onStreamEnd(stream, err));
    stream.on('end', () => this.onStreamEnd(stream, new StoreError('etcd watch stream ended')));
    const range = this.host.keys.range(this.prefix);
    stream.write({
      create_request: {
        ...range,
        // Inclusive start at the last received revision: etcd then applies
        // exactly the contract's compaction rule; events at it are skipped below.
        // Revision 0 would mean "from now" to etcd, so history starts at 1.
        start_revision: Math.max(this.received, 1),
        prev_kv: true,
        progress_notify: true,
      },
    });
  }

  private onResponse(stream: WatchStream, res: IWatchResponse): void {
    if (this.closed || stream !== this.stream) return;
    const compacted = Number(res.compact_revision);
    if (compacted > 0) {
      this.host.noteCompacted(compacted);
      this.fail(new CompactedError(this.received, compacted));
      return;
    }
    if (res.canceled) {
      this.fail(new StoreError(`etcd canceled the watch on ${this.prefix}: ${res.cancel_reason || 'no reason given'}`));
      return;
    }
    // Any answer means the stream works again.
    this.failingSince = 0;
    this.reconnectDelay = this.host.options.reconnectInitialDelayMs;
    if (res.created) return;
    if (res.events.length === 0) {
      // A progress notification: etcd sends them only to watchers that have
      // caught up, so every event up to the header revision has been received.
      this.received = Math.max(this.received, Number(res.header.revision));
      return;
    }
    const floor = this.received;
    for (const ev of res.events) {
      const rev = Number(ev.kv.mod_revision);
      if (rev <= floor) continue; // already received before a reconnect, or at fromRevision itself
      if (!this.delivery.enqueue(eventFrom(this.host.keys, ev))) {
        this.fail(new WatcherTooSlowError(this.prefix));
        return;
      }
      this.received = Math.max(this.received, rev);
    }
  }

  private onStreamEnd(stream: WatchStream, err: unknown): void {
    if (this.closed || stream !== this.stream) return;
    this.stream = undefined;
    endStream(stream);
    this.broken(err);
  }

  /** broken schedules a reconnection, or ends the watch once reconnecting has failed for too long. */
  private broken(err: unknown): void {
    if (this.closed) return;
    const now = Date.now();
    if (this.failingSince === 0) this.failingSince = now;
    if (now - this.failingSince > this.host.options.reconnectTimeoutMs) {
      const reason = err instanceof Error ? err.message : String(err);
      this.fail(new StoreError(`etcd watch on ${this.prefix} could not reconnect: ${reason}`));
      return;
    }
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.host.options.reconnectMaxDelayMs);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  /** fail ends the watch with err, delivered once and asynchronously. */
  fail(err: Error): void {
    this.delivery.fail(err);
  }

  close(): void {
    this.delivery.close();
  }

  /** ended releases the stream and the store's reference once the delivery has closed. */
  private ended(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stream) endStream(this.stream);
    this.stream = undefined;
    this.host.forget(this);
  }
}
