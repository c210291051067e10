/**
 * metadata.managedFields: one entry per field manager, operation (Apply or
 * Update), apiVersion (for Update) and subresource, each with the set of
 * fields it owns as FieldsV1. Entries are identified as Kubernetes'
 * BuildManagerIdentifier does (time and fields aside, and an applier's
 * apiVersion too, so each apply finds its own entry again), and written
 * sorted as Kubernetes sorts them: Apply first, then by time, manager,
 * apiVersion and subresource.
 */
import type { ManagedFieldsEntry } from '../../../shared/api/meta';
import { FieldSet } from './fieldset';

export type { ManagedFieldsEntry };

/** Manager is one decoded entry: who, how, and the fields it owns. */
export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** managerId identifies an entry as Kubernetes' BuildManagerIdentifier does. */
export function managerId(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({
    manager: m.manager,
    operation: m.operation,
    ...(m.operation === 'Update' ? { apiVersion: m.apiVersion } : {}),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  });
}

/** Managed maps manager ids to their entries. */
export type Managed = Map<string, Manager>;

/** ManagedFieldsError is an invalid metadata.managedFields in a request. */
export class ManagedFieldsError extends Error {}

/** decodeManagedFields reads metadata.managedFields (throws ManagedFieldsError when malformed). */
export function decodeManagedFields(entries: unknown): Managed {
  const out: Managed = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('metadata.managedFields must be a list');
  for (const [i, raw] of entries.entries()) {
    const e = raw as ManagedFieldsEntry;
    if (typeof e !== 'object' || e === null) throw new ManagedFieldsError(`metadata.managedFields[${i}] must be an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new ManagedFieldsError(`metadata.managedFields[${i}].operation: must be Apply or Update`);
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`metadata.managedFields[${i}].fieldsType: must be FieldsV1`);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new ManagedFieldsError(`metadata.managedFields[${i}].fieldsV1: ${(err as Error).message}`);
    }
    const m: Manager = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion ?? '', set };
    if (e.subresource) m.subresource = e.subresource;
    if (e.time) m.time = e.time;
    const id = managerId(m);
    const prior = out.get(id);
    if (prior) prior.set = prior.set.union(set);
    else out.set(id, m);
  }
  return out;
}

/** encodeManagedFields writes managers as metadata.managedFields (undefined when none owns anything). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  const list = [...managed.values()].filter((m) => !m.set.empty());
  if (list.length === 0) return undefined;
  list.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      cmp(p.time ?? '', q.time ?? '') ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return list.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1' as const,
    fieldsV1: m.set.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** isResetRequest reports a request asking to clear managedFields: a list holding one empty entry, as in Kubernetes. */
export function isResetRequest(entries: unknown): boolean {
  return Array.isArray(entries) && entries.length === 1 && typeof entries[0] === 'object' && entries[0] !== null && Object.keys(entries[0] as object).length === 0;
}

/** describeManager names a manager in a conflict, as Kubernetes' printManager does. */
export function describeManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}
