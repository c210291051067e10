/**
 * PATCH with a JSON merge, JSON or strategic merge patch: the patch is
 * applied to the current object inside the read-modify-write loop (so a
 * concurrent write re-applies it to the fresh object), and the result is
 * decoded and validated as a PUT body would be. The scale subresource
 * patches the object's Scale and writes back its replicas.
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { Scale } from '../../../shared/api/apps';
import { badRequest } from '../status';
import { isPlainObject } from '../registry/object-codec';
import { setReplicasFromScale, toScale } from '../registry/scale';
import type { PatchType, WriteOptions } from '../registry/types';
import { validateImmutable } from '../registry/validation';
import { patchObject } from './patch-object';
import type { PatchTarget } from './patch-target';

/** patchResource serves a PATCH that is not an apply. */
export async function patchResource(
  target: PatchTarget,
  namespace: string | undefined,
  name: string,
  patchType: PatchType,
  patch: unknown,
  opts: WriteOptions & { subresource?: string },
): Promise<KubeObject> {
  const ns = target.namespaceFor(namespace);
  const sub = opts.subresource;
  const rvPre =
    patchType !== 'application/json-patch+json' && isPlainObject(patch) && isPlainObject(patch.metadata) && typeof patch.metadata.resourceVersion === 'string'
      ? patch.metadata.resourceVersion || undefined
      : undefined;
  if (sub === 'scale') {
    const out = await target.writeUpdate(
      ns,
      name,
      (old) => {
        const scale = patchObject(patchType, toScale(old), patch, 'Scale') as Scale;
        const checked = target.decodeScale(scale, opts) as Scale;
        setReplicasFromScale(old, checked);
        return old;
      },
      opts,
      undefined,
      rvPre,
      { subresource: 'scale' },
    );
    return toScale(out);
  }
  target.checkSubresource(sub, 'patch');
  return target.writeUpdate(
    ns,
    name,
    (old) => {
      const patched = patchObject(patchType, old, patch, target.info.kind);
      if (!isPlainObject(patched)) throw badRequest('the patch produced a value that is not an object');
      const obj = target.decodeObject(patched, opts);
      if (obj.metadata.name && obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      if (obj.metadata.uid !== undefined && obj.metadata.uid !== old.metadata.uid) {
        target.validateOrThrow(obj, validateImmutable(obj.metadata.uid, old.metadata.uid, 'metadata.uid'));
      }
      return obj;
    },
    opts,
    sub,
    rvPre,
  );
}
