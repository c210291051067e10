import { BrokenCircuitError } from 'cockatiel';
import { ClientClosedError, EtcdError, GRPCDeadlineExceededError, GRPCInvalidArgumentError, GRPCOutOfRangeError, GRPCUnavailableError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { isCompacted, isFutureRevision, isTransient } from './etcd-errors';

describe('etcd error classification', () => {
  it('recognises compacted and future revisions, which are never retried', () => {
    const compacted = new GRPCOutOfRangeError('11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted');
    const future = new GRPCOutOfRangeError('11 OUT_OF_RANGE: etcdserver: mvcc: required revision is a future revision');
    expect(isCompacted(compacted)).toBe(true);
    expect(isFutureRevision(future)).toBe(true);
    expect(isTransient(compacted)).toBe(false);
    expect(isTransient(future)).toBe(false);
  });

  it('retries member loss, elections, timeouts and open circuits, not request errors or a closed client', () => {
    expect(isTransient(new GRPCUnavailableError('14 UNAVAILABLE: etcdserver: leader changed'))).toBe(true);
    expect(isTransient(new GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED'))).toBe(true);
    expect(isTransient(new EtcdError('etcdserver: request timed out'))).toBe(true);
    expect(isTransient(new BrokenCircuitError())).toBe(true);
    expect(isTransient(new GRPCInvalidArgumentError('3 INVALID_ARGUMENT: etcdserver: key is not provided'))).toBe(false);
    expect(isTransient(new ClientClosedError('KV'))).toBe(false);
    expect(isTransient('not an error')).toBe(false);
  });
});
