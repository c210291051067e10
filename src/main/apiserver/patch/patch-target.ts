/**
 * PatchTarget: what the PATCH and apply handlers need of a resource's REST
 * storage (registry/generic-resource.ts): decoding, the one
 * read-modify-write loop, create, and field ownership.
 */
import type { KubeObject } from '../../../shared/api/meta';
import type { ResourceInfo } from '../../../shared/api/resources';
import type { FieldManager } from '../fieldmanager';
import type { FieldError } from '../status';
import type { WriteOptions } from '../registry/types';

/** Tracking says how a write's field ownership is recorded. */
export interface Tracking {
  /** The subresource to record the Update under when it differs from the one written (scale). */
  subresource?: string;
  /** Server-side apply computed managedFields already. */
  applied?: boolean;
}

/** PatchTarget is one resource's storage as the patch handlers use it. */
export interface PatchTarget {
  readonly info: ResourceInfo;
  readonly fields: FieldManager;
  now(): Date;
  /** namespaceFor drops the namespace of a cluster-scoped resource. */
  namespaceFor(ns: string | undefined): string | undefined;
  /** decodeObject checks a body is an object of this kind (fieldValidation applied). */
  decodeObject(body: unknown, opts: WriteOptions): KubeObject;
  /** decodeScale checks a body is an autoscaling/v1 Scale. */
  decodeScale(body: unknown, opts: WriteOptions): KubeObject;
  /** checkSubresource is 404 for a subresource the resource does not serve for verb. */
  checkSubresource(sub: string | undefined, verb: string): void;
  /** exists reports whether the object is stored. */
  exists(ns: string | undefined, name: string): Promise<boolean>;
  /** createDecoded stores a new decoded object; applied: server-side apply set its managedFields. */
  createDecoded(ns: string | undefined, obj: KubeObject, opts: WriteOptions, applied?: boolean): Promise<KubeObject>;
  /** writeUpdate is the read-modify-write loop behind every update. */
  writeUpdate(
    ns: string | undefined,
    name: string,
    compute: (current: KubeObject) => KubeObject,
    opts: WriteOptions,
    subresource: string | undefined,
    rvPrecondition?: string,
    tracking?: Tracking,
  ): Promise<KubeObject>;
  /** invalid throws 422 for errs when there are any. */
  validateOrThrow(obj: KubeObject, errs: FieldError[]): void;
}
