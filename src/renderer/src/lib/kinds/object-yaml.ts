/** An object as `kubectl get -o yaml` prints it (no managedFields), with Secret values masked unless revealed. */
import { dump } from 'js-yaml';
import type { KubeObject } from '../../../../shared/api/meta';

/** HIDDEN replaces a secret value that was not revealed. */
export const HIDDEN = '••••••';

/** objectYaml renders `obj` as YAML; `maskData` masks every value of `data`/`stringData` (Secrets). */
export function objectYaml(obj: KubeObject, kind: string, apiVersion: string, maskData = false): string {
  const { managedFields: _mf, ...metadata } = obj.metadata;
  const out: Record<string, unknown> = { apiVersion: obj.apiVersion ?? apiVersion, kind: obj.kind ?? kind, ...obj, metadata };
  if (maskData) {
    for (const field of ['data', 'stringData']) {
      const m = out[field] as Record<string, string> | undefined;
      if (m) out[field] = Object.fromEntries(Object.keys(m).map((k) => [k, HIDDEN]));
    }
  }
  return dump(out, { noRefs: true, lineWidth: 120 });
}

/** decodeSecretValue decodes one base64 value of a Secret's data as UTF-8 text (or says it is binary). */
export function decodeSecretValue(b64: string): string {
  try {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `(binary, ${b64.length} base64 characters)`;
  }
}
