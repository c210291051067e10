/**
 * The control loop as data (issue 13): an object's timeline and the watch
 * deliveries of recent revisions, as the API server serves them under
 * `/kubedeck/v1/` (kubedeck.io/v1 kinds `Timeline` and
 * `WatchDeliveryList`). Plain types: the renderer reads them too.
 */

/** TIMELINE_PATH serves one object's timeline: `?group=apps&resource=deployments&namespace=default&name=web`. */
export const TIMELINE_PATH = '/kubedeck/v1/timeline';
/** WATCH_DELIVERIES_PATH serves the revision ring: `?since=<revision>&limit=<n>`. */
export const WATCH_DELIVERIES_PATH = '/kubedeck/v1/watchdeliveries';

/** ObjectRef names one object of the timeline. */
export interface TimelineObjectRef {
  group: string;
  resource: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

/** DeliveryLatency is one watch handed one revision, `latencyMs` after the write was issued. */
export interface DeliveryLatency {
  watcher: string;
  latencyMs: number;
}

/** WatchDeliveryRecord is one revision of the ring: what wrote it and which watches received it. */
export interface WatchDeliveryRecord {
  revision: number;
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  type?: 'create' | 'update' | 'delete';
  writer?: string;
  verb?: string;
  subresource?: string;
  /** When the write was issued (ms since epoch). */
  committedAt?: number;
  deliveries: DeliveryLatency[];
}

/** WatchDeliveryList is the ring's answer. */
export interface WatchDeliveryList {
  kind: 'WatchDeliveryList';
  apiVersion: 'kubedeck.io/v1';
  /** The lowest revision still held. */
  oldest: number;
  items: WatchDeliveryRecord[];
}

/** FieldChange is one field changed by a write, as a JSON pointer path. */
export interface FieldChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  from?: unknown;
  to?: unknown;
}

/**
 * Stage is which step of the control loop a timeline entry is:
 * 1 request received, 2 stored, 3 controller noticed and asked for a child,
 * 4 pod stored (unscheduled), 5 scheduler picked a node, 6 binding stored,
 * 7 kubelet pulled, created, started, 8 status Running.
 */
export type Stage = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** ComponentName is one box of the flow diagram. */
export type FlowComponent = 'client' | 'apiserver' | 'store' | 'controllers' | 'scheduler' | 'kubelet';

/** TimelineStep is one write or Event along the object's path. */
export interface TimelineStep {
  /** The store revision of the write (or of the Event object). */
  revision: number;
  source: 'write' | 'event';
  /** Whose write or Event this is. */
  object: TimelineObjectRef;
  /** Who did it: the request's user for a write, the reporting component for an Event. */
  component: string;
  /** Which box of the flow diagram acted. */
  actor: FlowComponent;
  stage: Stage;
  title: string;
  verb?: string;
  subresource?: string;
  type?: 'create' | 'update' | 'delete';
  /** When it happened (ms since epoch), and since the timeline's first request. */
  at: number;
  sinceStartMs: number;
  /** For a write: when the request reached the API server, if the ring still held it. */
  requestReceivedAt?: number;
  /** For a write other than a create: the fields it changed. */
  changes?: FieldChange[];
  /** Watches handed this revision. */
  deliveries?: DeliveryLatency[];
  /** For an Event. */
  reason?: string;
  message?: string;
  eventType?: string;
}

/** Timeline is an object's path through the control loop, with its owners and dependents. */
export interface Timeline {
  kind: 'Timeline';
  apiVersion: 'kubedeck.io/v1';
  object: TimelineObjectRef;
  /** Owners (root first), the object, then its dependents. */
  objects: TimelineObjectRef[];
  /** When the first step's request arrived (ms since epoch). */
  start: number;
  steps: TimelineStep[];
  /** The store revision the timeline was read at. */
  revision: number;
  /** Writes left out: of an object written more than 200 times, only its first and latest 199 are listed. */
  omittedWrites?: number;
  /** Set when history below this revision was compacted away. */
  compactedBefore?: number;
}
