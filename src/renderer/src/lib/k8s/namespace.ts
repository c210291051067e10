/** Namespaces: shape. */
import type { Namespace } from '../../../../shared/api/core';
import { GVR } from '../../../../shared/api/resources';

export type { Namespace };
export const NAMESPACE_GVR = GVR.namespaces;
