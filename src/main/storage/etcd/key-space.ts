/**
 * The etcd key space of one store: every Store key lives under a fixed byte
 * prefix, so several stores (or other tenants) can share one etcd cluster.
 * Keys are UTF-8; etcd orders keys by bytes, and UTF-8 byte order is code
 * point order, the same order the sqlite backend lists in.
 */

/** ALL is etcd's "no bound" marker for range_end (every key >= key). */
const ALL = Buffer.from([0]);

/** bytePrefixEnd returns the smallest byte string greater than every string starting with prefix, or undefined if none. */
export function bytePrefixEnd(prefix: Buffer): Buffer | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i]! < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i]! += 1;
      return end;
    }
  }
  return undefined;
}

/** EtcdRange is a [key, range_end) pair as etcd's range, delete and watch requests take it. */
export interface EtcdRange {
  key: Buffer;
  range_end: Buffer;
}

/**
 * storePrefix normalises a store's key prefix to end with "/", so that stores
 * "/a" and "/ab" sharing a cluster cannot see each other's keys ("/a/" is not
 * a prefix of "/ab/"). The empty prefix (the whole key space) stays empty.
 */
export function storePrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** KeySpace maps Store keys to etcd keys under one prefix and back. */
export class KeySpace {
  private readonly base: Buffer;
  readonly prefix: string;

  /** KeySpace normalises prefix with storePrefix. */
  constructor(prefix: string) {
    this.prefix = storePrefix(prefix);
    this.base = Buffer.from(this.prefix, 'utf8');
  }

  /** key returns the etcd key of a Store key. */
  key(key: string): Buffer {
    return Buffer.concat([this.base, Buffer.from(key, 'utf8')]);
  }

  /** unkey returns the Store key of an etcd key of this space. */
  unkey(key: Buffer): string {
    return key.subarray(this.base.length).toString('utf8');
  }

  /** range covers every Store key starting with prefix. */
  range(prefix: string): EtcdRange {
    const start = this.key(prefix);
    // etcd rejects an empty key; "\0" is the smallest non-empty key and with
    // range_end "\0" means "everything".
    return { key: start.length > 0 ? start : ALL, range_end: bytePrefixEnd(start) ?? ALL };
  }

  /** rangeAfter covers the Store keys starting with prefix that sort after startAfter. */
  rangeAfter(prefix: string, startAfter: string): EtcdRange {
    const r = this.range(prefix);
    // The smallest key greater than startAfter is startAfter followed by a NUL byte.
    const after = Buffer.concat([this.key(startAfter), ALL]);
    return Buffer.compare(after, r.key) > 0 ? { key: after, range_end: r.range_end } : r;
  }

  /** probeKey is a key of this space for cheap reads that only want a response header. */
  probeKey(): Buffer {
    return this.base.length > 0 ? this.base : ALL;
  }
}
