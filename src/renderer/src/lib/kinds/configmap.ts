/** ConfigMaps: their keys and values. */
import type { ConfigMap } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';
import { AGE, count } from './common';
import type { KindDescriptor } from './kind';

export const configMapKind: KindDescriptor = {
  kind: 'ConfigMap',
  resource: 'configmaps',
  kubectlName: 'configmap',
  title: 'ConfigMaps',
  gvr: GVR.configmaps,
  namespaced: true,
  columns: [{ header: 'Data', value: (o) => String(Object.keys({ ...(o as ConfigMap).data, ...(o as ConfigMap).binaryData }).length), numeric: (o) => Object.keys((o as ConfigMap).data ?? {}).length }, AGE],
  facts: (o) => {
    const c = o as ConfigMap;
    return [
      { term: 'Keys', value: count(c.data) },
      ...Object.entries(c.data ?? {}).map(([k, v]) => ({ term: k, value: v })),
      ...Object.keys(c.binaryData ?? {}).map((k) => ({ term: k, value: '(binary)' })),
    ];
  },
};
