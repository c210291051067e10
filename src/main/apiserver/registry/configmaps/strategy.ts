/** ConfigMaps (pkg/registry/core/configmap). */
import type { ConfigMap } from '../../../../shared/api/core';
import { configMapPrinter } from '../../table/config';
import { type FieldError } from '../../status';
import { dataSize, validateDataKeys, validateImmutableData } from '../config-data';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain } from '../validation';

const MAX_SIZE = 1024 * 1024;

/** configMapStrategy declares configmaps. */
export const configMapStrategy: Strategy = {
  schema: topLevel({ data: 'map', binaryData: 'map', immutable: 'bool' }),
  nameValidator: dns1123Subdomain,
  validate(obj) {
    const cm = obj as ConfigMap;
    const seen = new Set<string>();
    const errs: FieldError[] = [...validateDataKeys(cm.data, 'data', seen), ...validateDataKeys(cm.binaryData, 'binaryData', seen)];
    if (dataSize(cm.data) + dataSize(cm.binaryData) > MAX_SIZE) {
      errs.push({ type: 'FieldValueTooLong', field: '', body: `Too long: must have at most ${MAX_SIZE} bytes` });
    }
    return errs;
  },
  validateUpdate: (obj, old) => validateImmutableData(obj, old, ['data', 'binaryData']),
  printer: configMapPrinter,
};
