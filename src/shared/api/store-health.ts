/**
 * The store's health as `GET /kubedeck/v1/store` serves it (behind the API's
 * authentication, so `kubectl get --raw /kubedeck/v1/store` reads it too):
 * which backend holds the state and how it is doing. SQLite: the file and its
 * size. etcd: each member (healthy = it answered a status call and knows a
 * leader), the leader, the database size. Both: the current revision and the
 * last compaction.
 */

/** STORE_HEALTH_PATH is where the API server serves StoreHealth. */
export const STORE_HEALTH_PATH = '/kubedeck/v1/store';

/** EtcdMemberHealth is one etcd member as its status call saw it. */
export interface EtcdMemberHealth {
  /** The member's id, in hex as etcdctl prints it. */
  id: string;
  name: string;
  /** The member's first client URL. */
  url: string;
  healthy: boolean;
  isLeader: boolean;
  /** etcd's version and database size, when the member answered. */
  version?: string;
  dbSizeBytes?: number;
  /** The revision the member has applied. */
  revision?: number;
  /** Why the member did not answer. */
  error?: string;
}

/** StoreHealth is the answer of STORE_HEALTH_PATH. */
export interface StoreHealth {
  kind: 'StoreHealth';
  apiVersion: 'kubedeck.io/v1';
  backend: 'sqlite' | 'etcd';
  /** The store's current revision (etcd: the cluster's, every prefix counted); absent when the store did not answer. */
  revision?: number;
  /** The last compaction: its revision (0: never), and when, if this process did it. */
  lastCompaction?: { revision: number; time?: string };
  sqlite?: {
    file: string;
    /** The database file's size, and its write-ahead log's. */
    sizeBytes: number;
    walBytes: number;
  };
  etcd?: {
    /** The key prefix this cluster's keys live under. */
    prefix: string;
    members: EtcdMemberHealth[];
    /** The leader's name ('' when no member knows one). */
    leader: string;
    /** The leader's database size (else the largest a member reported). */
    dbSizeBytes?: number;
  };
  /** Why the store could not be asked (its cluster unreachable). */
  error?: string;
}
