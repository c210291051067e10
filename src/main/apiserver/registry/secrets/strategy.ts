/** Secrets (pkg/registry/core/secret): stringData folds into base64 data; type defaults to Opaque and never changes. */
import type { Secret } from '../../../../shared/api/core';
import { secretPrinter } from '../../table/config';
import { invalidValue, required, type FieldError } from '../../status';
import { dataSize, validateDataKeys, validateImmutableData } from '../config-data';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';

const MAX_SIZE = 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** secretStrategy declares secrets. */
export const secretStrategy: Strategy = {
  schema: topLevel({ data: 'map', stringData: 'map', type: 'string', immutable: 'bool' }),
  nameValidator: dns1123Subdomain,
  applyDefaults(obj) {
    const s = obj as Secret;
    s.type ??= 'Opaque';
    if (s.stringData && typeof s.stringData === 'object') {
      const data = { ...(s.data ?? {}) };
      for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      s.data = data;
    }
    delete s.stringData;
  },
  validate(obj) {
    const s = obj as Secret;
    const errs: FieldError[] = [...validateDataKeys(s.data, 'data', new Set())];
    for (const [k, v] of Object.entries(s.data ?? {})) {
      if (typeof v === 'string' && (!BASE64.test(v) || v.length % 4 !== 0)) errs.push(invalidValue(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
    }
    if (dataSize(s.data) > MAX_SIZE) errs.push({ type: 'FieldValueTooLong', field: 'data', body: `Too long: must have at most ${MAX_SIZE} bytes` });
    // Own keys only: a type such as "constructor" must not find Object.prototype's members.
    const needed = typeof s.type === 'string' && Object.hasOwn(REQUIRED_KEYS, s.type) ? REQUIRED_KEYS[s.type]! : [];
    for (const key of needed) if (s.data?.[key] === undefined) errs.push(required(`data[${key}]`));
    return errs;
  },
  validateUpdate: (obj, old) => [
    ...validateImmutable((obj as Secret).type, (old as Secret).type, 'type'),
    ...validateImmutableData(obj, old, ['data']),
  ],
  fieldSelectors: { type: (o) => (o as Secret).type },
  printer: secretPrinter,
};
