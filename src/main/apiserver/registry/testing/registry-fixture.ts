/** Test helpers: a registry over an in-memory SQLite store with a settable clock. */
import type { KubeObject, WatchEvent } from '../../../../shared/api/meta';
import { openSqliteStore } from '../../../storage';
import type { Store } from '../../../storage/types';
import { createRegistry, type RegistryOptions, type RegistryWithReady } from '../index';
import type { Resource, WatchHandle, WatchOptions } from '../types';

/** Fixture holds a registry, its store and a clock tests can move. */
export interface Fixture {
  store: Store;
  registry: RegistryWithReady;
  /** now is the registry's clock; set it to move time. */
  clock: { now: Date };
  r(resource: string): Resource;
  close(): Promise<void>;
}

import { RESOURCES } from '../../../../shared/api/resources';

const GROUPS: Record<string, string> = { deployments: 'apps', replicasets: 'apps', leases: 'coordination.k8s.io' };

/** newFixture opens a fresh registry over ':memory:' SQLite. */
export async function newFixture(opts: RegistryOptions = {}): Promise<Fixture> {
  const store = await openSqliteStore(':memory:');
  const clock = { now: new Date('2026-01-01T00:00:00Z') };
  const registry = createRegistry(store, { clock: () => clock.now, ...opts });
  await registry.ready();
  return {
    store,
    registry,
    clock,
    r(resource) {
      const info = RESOURCES.find((r) => r.resource === resource);
      const res = registry.lookup(GROUPS[resource] ?? '', 'v1', resource) ?? (info ? registry.lookup(info.group, info.version, resource) : undefined);
      if (!res) throw new Error(`no resource ${resource}`);
      return res;
    },
    close: () => store.close(),
  };
}

/** WatchRecorder collects watch events and waits for them with a deadline. */
export interface WatchRecorder {
  events: WatchEvent[];
  closed: boolean;
  handle: WatchHandle;
  /** waitFor polls until pred holds over the events (or throws after timeoutMs). */
  waitFor(pred: (events: WatchEvent[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** recordWatch starts a watch that records into an array. */
export async function recordWatch(r: Resource, ns: string | undefined, opts: WatchOptions): Promise<WatchRecorder> {
  const rec = { events: [] as WatchEvent[], closed: false } as WatchRecorder;
  rec.handle = await r.watch(ns, opts, {
    event: (ev) => rec.events.push(ev),
    close: () => {
      rec.closed = true;
    },
  });
  rec.waitFor = async (pred, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pred(rec.events)) {
      if (Date.now() > deadline) throw new Error(`condition not met; events: ${JSON.stringify(rec.events.map((e) => [e.type, e.object.metadata?.name, e.object.metadata?.resourceVersion]))}`);
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  return rec;
}

/** pod builds a minimal pod manifest. */
export function pod(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    ...extra,
  };
}
