/**
 * pods/eviction (policy/v1 and policy/v1beta1 Eviction): the polite delete
 * that `kubectl drain` uses (pkg/registry/core/pod/storage/eviction.go).
 * Kubedeck serves no PodDisruptionBudgets, so every eviction is allowed and
 * becomes a delete of the pod with the Eviction's DeleteOptions.
 */
import type { KubeObject, Status } from '../../../../shared/api/meta';
import { badRequest } from '../../status';
import type { ObjectUpdater } from '../strategy';
import type { RegistryDeleteOptions, Resource, WriteOptions } from '../types';

/** Eviction is policy/v1 Eviction (v1beta1 has the same shape). */
export interface Eviction {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: Omit<RegistryDeleteOptions, 'dryRun'> & { dryRun?: unknown };
}

/** EvictionDeleter is what an eviction needs of the pods resource: the ordinary delete. */
export type EvictionDeleter = ObjectUpdater & Pick<Resource, 'delete'>;

/** evictionDeleteOptions turns an Eviction's DeleteOptions (and the request's dryRun) into registry delete options. */
export function evictionDeleteOptions(eviction: Eviction, opts: WriteOptions): RegistryDeleteOptions {
  const out: RegistryDeleteOptions = { ...opts };
  const d = eviction.deleteOptions;
  if (d && typeof d === 'object') {
    if (d.gracePeriodSeconds !== undefined) out.gracePeriodSeconds = d.gracePeriodSeconds;
    if (d.propagationPolicy !== undefined) out.propagationPolicy = d.propagationPolicy;
    if (d.preconditions !== undefined) out.preconditions = d.preconditions;
    if (Array.isArray(d.dryRun) && d.dryRun.includes('All')) out.dryRun = true;
  }
  return out;
}

/** evictPod deletes the pod an Eviction names; 404 when the pod does not exist. */
export async function evictPod(r: ObjectUpdater, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): Promise<KubeObject | Status> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be an Eviction object');
  const eviction = body as Eviction;
  if (eviction.metadata?.name && eviction.metadata.name !== name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  // GenericResource (the only ObjectUpdater) also deletes; the strategy interface only promises updates.
  await (r as EvictionDeleter).delete(namespace, name, evictionDeleteOptions(eviction, opts));
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
