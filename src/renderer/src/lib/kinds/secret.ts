/** Secrets: type and keys; values stay hidden until revealed one by one (and are never logged). */
import type { Secret } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { AGE, count } from './common';
import type { KindDescriptor } from './kind';

export const secretKind: KindDescriptor = {
  kind: 'Secret',
  resource: 'secrets',
  kubectlName: 'secret',
  title: 'Secrets',
  gvr: GVR.secrets,
  namespaced: true,
  secretData: true,
  columns: [
    { header: 'Type', value: (o) => (o as Secret).type ?? 'Opaque' },
    { header: 'Data', value: (o) => count((o as Secret).data), numeric: (o) => Object.keys((o as Secret).data ?? {}).length },
    AGE,
  ],
  facts: (o) => [{ term: 'Type', value: (o as Secret).type ?? 'Opaque' }],
};
