/**
 * Strategic merge patch metadata for the built-in kinds Kubedeck serves: the
 * `patchStrategy` / `patchMergeKey` struct tags of the k8s.io/api Go types,
 * written down as a tree of field paths. Only fields whose tags matter to
 * merging are listed; any other map merges recursively and any other list is
 * replaced whole, exactly as for an untagged Go field.
 */

/** FieldMeta is one field's patch metadata; for a list, `fields` describes its elements. */
export interface FieldMeta {
  /** `merge` merges a list (by mergeKey, or as a set of primitives); `retainKeys` allows `$retainKeys`. */
  readonly strategy?: readonly ('merge' | 'retainKeys')[];
  readonly mergeKey?: string;
  readonly fields?: Schema;
}

/** Schema is the metadata of an object's fields, by JSON field name. */
export type Schema = Readonly<Record<string, FieldMeta>>;

const merge = ['merge'] as const;
const mergeRetainKeys = ['merge', 'retainKeys'] as const;
const retainKeys = ['retainKeys'] as const;

/** Conditions of every status listed here merge by `type`. */
const conditions: FieldMeta = { strategy: merge, mergeKey: 'type' };

const objectMeta: Schema = {
  finalizers: { strategy: merge },
  ownerReferences: { strategy: merge, mergeKey: 'uid' },
};

/** Container and EphemeralContainer share these (EphemeralContainerCommon mirrors Container). */
const container: Schema = {
  ports: { strategy: merge, mergeKey: 'containerPort' },
  env: { strategy: merge, mergeKey: 'name' },
  volumeMounts: { strategy: merge, mergeKey: 'mountPath' },
  volumeDevices: { strategy: merge, mergeKey: 'devicePath' },
};

const podSpec: Schema = {
  volumes: { strategy: mergeRetainKeys, mergeKey: 'name' },
  initContainers: { strategy: merge, mergeKey: 'name', fields: container },
  containers: { strategy: merge, mergeKey: 'name', fields: container },
  ephemeralContainers: { strategy: merge, mergeKey: 'name', fields: container },
  imagePullSecrets: { strategy: merge, mergeKey: 'name' },
  hostAliases: { strategy: merge, mergeKey: 'ip' },
  topologySpreadConstraints: { strategy: merge, mergeKey: 'topologyKey' },
  schedulingGates: { strategy: merge, mergeKey: 'name' },
  resourceClaims: { strategy: mergeRetainKeys, mergeKey: 'name' },
  // tolerations, readinessGates: untagged in k8s.io/api, so replaced whole.
};

const podStatus: Schema = {
  conditions,
  podIPs: { strategy: merge, mergeKey: 'ip' },
  hostIPs: { strategy: merge, mergeKey: 'ip' },
  resourceClaimStatuses: { strategy: mergeRetainKeys, mergeKey: 'name' },
};

const podTemplateSpec: Schema = {
  metadata: { fields: objectMeta },
  spec: { fields: podSpec },
};

/** withMeta gives a kind's top-level schema: ObjectMeta plus its own fields. */
function withMeta(fields: Schema): Schema {
  return { metadata: { fields: objectMeta }, ...fields };
}

/** KIND_SCHEMAS maps each kind that supports strategic merge patch to its schema. */
export const KIND_SCHEMAS: Readonly<Record<string, Schema>> = {
  Pod: withMeta({ spec: { fields: podSpec }, status: { fields: podStatus } }),
  PodTemplate: withMeta({ template: { fields: podTemplateSpec } }),
  Deployment: withMeta({
    spec: {
      fields: {
        strategy: { strategy: retainKeys },
        template: { fields: podTemplateSpec },
      },
    },
    status: { fields: { conditions } },
  }),
  ReplicaSet: withMeta({
    spec: { fields: { template: { fields: podTemplateSpec } } },
    status: { fields: { conditions } },
  }),
  DaemonSet: withMeta({
    spec: {
      fields: {
        updateStrategy: { strategy: retainKeys },
        template: { fields: podTemplateSpec },
      },
    },
    status: { fields: { conditions } },
  }),
  // StatefulSetUpdateStrategy carries no retainKeys tag (unlike Deployment's strategy).
  StatefulSet: withMeta({
    spec: { fields: { template: { fields: podTemplateSpec } } },
    status: { fields: { conditions } },
  }),
  ControllerRevision: withMeta({}),
  PersistentVolumeClaim: withMeta({ status: { fields: { conditions } } }),
  PersistentVolume: withMeta({}),
  StorageClass: withMeta({}),
  Job: withMeta({
    spec: { fields: { template: { fields: podTemplateSpec } } },
    status: { fields: { conditions } },
  }),
  CronJob: withMeta({
    spec: { fields: { jobTemplate: { fields: { spec: { fields: { template: { fields: podTemplateSpec } } } } } } },
  }),
  Ingress: withMeta({}),
  IngressClass: withMeta({}),
  Service: withMeta({
    spec: { fields: { ports: { strategy: merge, mergeKey: 'port' } } },
    status: { fields: { conditions } },
  }),
  Node: withMeta({
    spec: { fields: { podCIDRs: { strategy: merge } } },
    status: {
      fields: {
        conditions,
        addresses: { strategy: merge, mergeKey: 'type' },
      },
    },
  }),
  // NamespaceSpec.finalizers is untagged: replaced whole.
  Namespace: withMeta({ status: { fields: { conditions } } }),
  ConfigMap: withMeta({}),
  Secret: withMeta({}),
  // EndpointSubset lists are untagged (atomic).
  Endpoints: withMeta({}),
  // EndpointSlice endpoints and ports are listType=atomic, untagged for strategic merge: replaced whole.
  EndpointSlice: withMeta({}),
  Event: withMeta({}),
  Lease: withMeta({}),
  // HPA conditions merge by type (autoscaling/v2 types.go); metrics are atomic.
  HorizontalPodAutoscaler: withMeta({ status: { fields: { conditions } } }),
  // autoscaling/v1 Scale, the body of the deployments|replicasets/scale subresource.
  Scale: withMeta({}),
  Binding: withMeta({}),
};

/** schemaForKind returns the patch schema of a kind, or undefined if it has none. */
export function schemaForKind(kind: string): Schema | undefined {
  return Object.prototype.hasOwnProperty.call(KIND_SCHEMAS, kind) ? KIND_SCHEMAS[kind] : undefined;
}
