import { describe, expect, it } from 'vitest';
import { decodeSecretValue, HIDDEN, objectYaml } from './object-yaml';

describe('objectYaml', () => {
  const secret = { metadata: { name: 's', managedFields: [{ manager: 'x' }] }, type: 'Opaque', data: { password: btoa('hunter2') } };
  it('masks secret values and drops managedFields', () => {
    const y = objectYaml(secret, 'Secret', 'v1', true);
    expect(y).toContain(`password: ${HIDDEN}`);
    expect(y).not.toContain(btoa('hunter2'));
    expect(y).not.toContain('managedFields');
    expect(y).toContain('kind: Secret');
  });
  it('decodes text and names binary', () => {
    expect(decodeSecretValue(btoa('hunter2'))).toBe('hunter2');
    expect(decodeSecretValue(btoa('\xff\xfe'))).toMatch(/binary/);
  });
});
