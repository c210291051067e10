/**
 * The event recorder: writes core/v1 Events the way client-go's recorder and
 * event correlator do. The same involvedObject + type + reason + message +
 * source is aggregated into one Event whose count grows and whose
 * lastTimestamp moves (firstTimestamp kept); names are `<object>.<hex time>`.
 * Writes happen in the background and never fail the caller.
 */
import type { Event, ObjectReference } from '../../shared/api/core';
import type { KubeObject } from '../../shared/api/meta';
import { GVR } from '../../shared/api/resources';
import { isNotFound } from '../../shared/errors';
import { realClock, type Clock } from './clock';
import type { ApiClient } from './types';
import { isNamespaceTerminating } from './api-errors';

export type EventType = 'Normal' | 'Warning';

/** EventRecorder is what controllers, the scheduler and the kubelet use to leave a trace. */
export interface EventRecorder {
  /** event records that reason happened to obj (fire and forget). */
  event(obj: Readonly<KubeObject>, type: EventType, reason: string, message: string): void;
}

export interface EventRecorderOptions {
  component: string;
  host?: string;
  clock?: Clock;
  /** Aggregation entries kept in memory (client-go keeps 4096). */
  cacheSize?: number;
  onError?: (err: unknown) => void;
}

interface Aggregate {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** objectReference builds an Event's involvedObject from an object. */
export function objectReference(obj: Readonly<KubeObject>): ObjectReference {
  return {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
  };
}

/** The RFC 3339 second-precision form Kubernetes uses for metav1.Time. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ApiEventRecorder writes Events through an ApiClient. */
export class ApiEventRecorder implements EventRecorder {
  private readonly clock: Clock;
  private readonly cache = new Map<string, Aggregate>();
  /** Per-aggregation-key write chain: a repeat waits for the create before it patches. */
  private readonly chains = new Map<string, Promise<void>>();
  private inflight = new Set<Promise<void>>();
  private lastNano = 0n;

  constructor(
    private readonly client: ApiClient,
    private readonly opts: EventRecorderOptions,
  ) {
    this.clock = opts.clock ?? realClock;
  }

  event(obj: Readonly<KubeObject>, type: EventType, reason: string, message: string): void {
    const ref = objectReference(obj);
    // Events of cluster-scoped objects (nodes) live in "default", as in Kubernetes.
    const namespace = ref.namespace || 'default';
    const key = [ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion, type, reason, message, this.opts.component, this.opts.host ?? ''].join('\0');
    const now = this.clock.now();
    const prev = this.chains.get(key) ?? Promise.resolve();
    const p = prev
      .then(() => this.write(key, namespace, ref, type, reason, message, now))
      .catch((err) => {
        // Events for a namespace being deleted (or gone) have nowhere to go; that is not an error.
        if (isNamespaceTerminating(err) || isNotFound(err)) return;
        this.opts.onError?.(err);
      });
    this.chains.set(key, p);
    this.inflight.add(p);
    void p.finally(() => {
      this.inflight.delete(p);
      if (this.chains.get(key) === p) this.chains.delete(key);
    });
  }

  /** flush resolves when every event recorded so far has been written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private async write(key: string, namespace: string, ref: ObjectReference, type: EventType, reason: string, message: string, now: number): Promise<void> {
    const ts = rfc3339(now);
    const agg = this.cache.get(key);
    if (agg) {
      try {
        await this.client.patch<Event>(GVR.events, agg.namespace, agg.name, 'application/merge-patch+json', {
          count: agg.count + 1,
          lastTimestamp: ts,
        });
        agg.count++;
        this.touch(key, agg);
        return;
      } catch (err) {
        // The aggregate was deleted (TTL, namespace deletion): start a new one.
        if (!isNotFound(err)) throw err;
        this.cache.delete(key);
      }
    }
    // client-go names events `<name>.<unix nanos in hex>`; keep them unique within one process.
    // BigInt: nanoseconds since the epoch exceed a double's exact integers.
    let nano = BigInt(now) * 1_000_000n;
    if (nano <= this.lastNano) nano = this.lastNano + 1n;
    this.lastNano = nano;
    const ev: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${nano.toString(16)}`, namespace },
      involvedObject: ref,
      reason,
      message,
      source: { component: this.opts.component, ...(this.opts.host ? { host: this.opts.host } : {}) },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.host ?? '',
    };
    const created = await this.client.create<Event>(GVR.events, namespace, ev);
    this.touch(key, { name: created.metadata.name!, namespace, count: 1, firstTimestamp: ts });
  }

  private touch(key: string, agg: Aggregate): void {
    this.cache.delete(key);
    this.cache.set(key, agg);
    const max = this.opts.cacheSize ?? 4096;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
  }
}

/** createEventRecorder returns a recorder writing Events with source.component = component. */
export function createEventRecorder(client: ApiClient, opts: EventRecorderOptions): ApiEventRecorder {
  return new ApiEventRecorder(client, opts);
}

/** FakeRecorder keeps events as `Type Reason message` strings, as client-go's FakeRecorder does. */
export class FakeRecorder implements EventRecorder {
  readonly events: string[] = [];
  event(_obj: Readonly<KubeObject>, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }
}
