/** rejects awaits p and returns the ApiError it fails with (fails the test otherwise). */
import { ApiError } from '../../../../shared/errors';

/** rejects returns the ApiError a promise rejects with. */
export async function rejects(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}
