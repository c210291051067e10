/**
 * Classification of etcd client errors: which are the contract's typed
 * conditions (compacted, future revision) and which are transient (a member
 * down, a leader election, a timeout) so that the operation may be retried.
 */
import { isBrokenCircuitError } from 'cockatiel';
import { ClientClosedError, EtcdError, isRecoverableError } from 'etcd3';

/** isCompacted tells whether etcd refused a read because the revision was compacted (ErrCompacted). */
export function isCompacted(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}

/** isFutureRevision tells whether etcd refused a read at a revision it has not reached (ErrFutureRev). */
export function isFutureRevision(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision is a future revision');
}

/**
 * isTransient tells whether err may go away on another try or another member:
 * gRPC unavailable/deadline/cancelled/internal (etcd3's "recoverable" set,
 * which also covers "no leader", "leader changed" and "request timed out"),
 * a host whose circuit breaker is open, and other etcdserver errors that are
 * not about the request itself. For a write such an error is ambiguous: the
 * write may or may not have been applied.
 */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof ClientClosedError) return false;
  if (isCompacted(err) || isFutureRevision(err)) return false;
  if (isRecoverableError(err) || isBrokenCircuitError(err)) return true;
  return err instanceof EtcdError && /leader|timed out|too many requests|not capable|stopped|unhealthy/i.test(err.message);
}
