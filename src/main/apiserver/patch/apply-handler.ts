/**
 * Server-side apply (`application/apply-patch+yaml`): the configuration is
 * decoded as the kind, merged into the live object (or created from when
 * absent) by structured merge, field ownership is recorded for the field
 * manager, and a field another manager owns is a 409 conflict unless
 * `force` takes it over (see fieldmanager/field-manager.ts).
 */
import type { KubeObject } from '../../../shared/api/meta';
import { ApiError } from '../../../shared/errors';
import type { WriteOptions } from '../registry/types';
import { badRequest } from '../status';
import { isPlainObject, rfc3339 } from '../registry/object-codec';
import type { PatchTarget } from './patch-target';

/** serverSideApply serves an apply PATCH. */
export async function serverSideApply(
  target: PatchTarget,
  namespace: string | undefined,
  name: string,
  body: unknown,
  opts: WriteOptions & { subresource?: string; force?: boolean },
): Promise<KubeObject> {
  const ns = target.namespaceFor(namespace);
  if (!isPlainObject(body)) throw badRequest('the apply configuration must be an object');
  const sub = opts.subresource;
  target.checkSubresource(sub, 'apply');
  const manager = opts.fieldManager;
  if (!manager) throw badRequest('PATCH: fieldManager is required for apply requests');
  const config = target.decodeObject(body, opts);
  if (config.metadata.name && config.metadata.name !== name) {
    throw badRequest(`the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (target.info.namespaced && config.metadata.namespace && ns && config.metadata.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const writer = { manager, subresource: sub, force: opts.force === true };
  const rvPre = config.metadata.resourceVersion || undefined;
  if (!sub && !rvPre && !(await target.exists(ns, name))) {
    const obj = target.fields.apply(undefined, { ...config, metadata: { ...config.metadata, name } }, writer, rfc3339(target.now()));
    try {
      return await target.createDecoded(ns, obj, opts, true);
    } catch (err) {
      // Created meanwhile: apply to what is there.
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    }
  }
  return target.writeUpdate(ns, name, (old) => target.fields.apply(old, config, writer, rfc3339(target.now())), opts, sub, rvPre, { applied: true });
}
