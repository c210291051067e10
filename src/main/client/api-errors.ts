/** Error classes controllers treat specially. */
import { isApiError } from '../../shared/errors';

/**
 * isNamespaceTerminating reports a create refused because the namespace is
 * being deleted. Controllers give up quietly, as Kubernetes' do: the
 * namespace controller is about to remove the owner anyway.
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!isApiError(err, 403)) return false;
  return err.causes.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(err.message);
}
