/**
 * pods/ephemeralcontainers (what `kubectl debug` patches): the only way to
 * change spec.ephemeralContainers. Ephemeral containers can be added, never
 * changed or removed; each needs a unique name and an image, may name a
 * target container whose process namespace it joins, and may not declare
 * what an ephemeral container cannot have (ports, probes, lifecycle,
 * resources), as ValidatePodEphemeralContainersUpdate says.
 */
import type { EphemeralContainer, Pod } from '../../../../shared/api/core';
import type { KubeObject } from '../../../../shared/api/meta';
import { duplicate, fieldNotFound, forbiddenField, required, type FieldError } from '../../status';
import { deepEqual } from '../validation';

const NOT_FOR_EPHEMERAL = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources'] as const;

/** isSet: a value other than Go's zero value (kubectl debug sends `resources: {}`, which is allowed). */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** takeEphemeralContainers puts the client's ephemeral containers on a copy of the stored pod; nothing else changes. */
export function takeEphemeralContainers(input: KubeObject, old: KubeObject): KubeObject {
  const next = old as Pod;
  const wanted = (input as Pod).spec?.ephemeralContainers;
  next.spec = { ...next.spec };
  if (Array.isArray(wanted) && wanted.length) next.spec.ephemeralContainers = wanted;
  else delete next.spec.ephemeralContainers;
  return next;
}

/** validateEphemeralContainers checks a pods/ephemeralcontainers write against the stored pod. */
export function validateEphemeralContainers(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = (obj as Pod).spec;
  const before = (old as Pod).spec?.ephemeralContainers ?? [];
  const list: EphemeralContainer[] = Array.isArray(spec?.ephemeralContainers) ? spec.ephemeralContainers : [];
  const errs: FieldError[] = [];
  const byName = new Map(list.map((c) => [c?.name, c]));
  for (const prev of before) {
    const cur = byName.get(prev.name);
    if (!cur) errs.push(forbiddenField('spec.ephemeralContainers', `existing ephemeral containers "${prev.name}" may not be removed`));
    else if (!deepEqual(cur, prev)) errs.push(forbiddenField('spec.ephemeralContainers', `existing ephemeral containers "${prev.name}" may not be changed`));
  }
  const names = new Set([...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.name));
  const targets = new Set([...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.name));
  list.forEach((c, i) => {
    const f = `spec.ephemeralContainers[${i}]`;
    if (!c || typeof c !== 'object') return void errs.push(required(f));
    if (!c.name) errs.push(required(`${f}.name`));
    else if (names.has(c.name)) errs.push(duplicate(`${f}.name`, c.name));
    else names.add(c.name);
    if (!c.image) errs.push(required(`${f}.image`));
    if (c.targetContainerName && !targets.has(c.targetContainerName)) errs.push(fieldNotFound(`${f}.targetContainerName`, c.targetContainerName));
    for (const k of NOT_FOR_EPHEMERAL) if (isSet(c[k])) errs.push(forbiddenField(`${f}.${k}`, 'cannot be set for an Ephemeral Container'));
  });
  return errs;
}
