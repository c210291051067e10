import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { applyStrategicMergePatch } from './strategic-merge-patch';

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

// Loose view of a patched object for assertions.
type Obj = Record<string, any>;

const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web', tier: 'front' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"old":true}' },
    finalizers: ['a.example/one'],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A', value: '1' }],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          { name: 'sidecar', image: 'busybox:1', command: ['sleep', '3600'] },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'k1', operator: 'Exists' }],
      },
    },
  },
  status: {
    conditions: [
      { type: 'Available', status: 'True' },
      { type: 'Progressing', status: 'True' },
    ],
  },
});

const containers = (d: Obj): Obj[] => d.spec.template.spec.containers;

describe('applyStrategicMergePatch', () => {
  it('kubectl apply (second run) changing one image merges that container by name', () => {
    const original = deployment();
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:2', name: 'web' }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(original, patch, 'Deployment') as Obj;
    const expected = deployment();
    expected.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"new":true}';
    expected.spec.template.spec.containers[0].image = 'nginx:2';
    expect(out).toEqual(expected);
    expect(original).toEqual(deployment());
  });

  it('adds an env var by name, keeping the others', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }, { name: 'A', value: 'one' }] }] } } } },
      'Deployment',
    ) as Obj;
    expect(containers(out)[0]?.env).toEqual([
      { name: 'A', value: 'one' },
      { name: 'B', value: '2' },
    ]);
    expect(containers(out)[1]).toEqual(deployment().spec.template.spec.containers[1]);
  });

  it('merges container ports by containerPort, volumeMounts by mountPath, volumes by name', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'web',
                  ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
                  volumeMounts: [{ mountPath: '/data', readOnly: true }],
                },
              ],
              volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(containers(out)[0]?.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }]);
    expect(containers(out)[0]?.volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'cfg' } }]);
  });

  it('replaces lists without a merge strategy (tolerations, command)', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              tolerations: [{ key: 'k2', operator: 'Exists' }],
              containers: [{ name: 'sidecar', command: ['true'] }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'k2', operator: 'Exists' }]);
    expect(containers(out)[1]?.command).toEqual(['true']);
  });

  it('deletes a container with $patch: delete and keeps the rest', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }],
              containers: [{ $patch: 'delete', name: 'sidecar' }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(containers(out).map((c) => c.name)).toEqual(['web']);
    expect(containers(out)[0]).toEqual(deployment().spec.template.spec.containers[0]);
  });

  it('orders a list by $setElementOrder, adding new elements where the order says', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'init' }, { name: 'sidecar' }, { name: 'web' }],
              containers: [{ name: 'init', image: 'busybox:2' }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(containers(out).map((c) => c.name)).toEqual(['init', 'sidecar', 'web']);
    expect(containers(out)[0]).toEqual({ name: 'init', image: 'busybox:2' });
  });

  it('keeps server-only elements in their original place relative to ordered ones', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }, { name: 'injected' }, { name: 'b' }] },
    };
    const out = applyStrategicMergePatch(
      pod,
      { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }, { name: 'c' }], containers: [{ name: 'c' }] } },
      'Pod',
    ) as Obj;
    // "injected" sat before b in the original, so it stays ahead of b.
    expect(out.spec.containers.map((c: Obj) => c.name)).toEqual(['injected', 'b', 'a', 'c']);
  });

  it('switches a Deployment strategy RollingUpdate → Recreate with $retainKeys', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      'Deployment',
    ) as Obj;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('$retainKeys clears unlisted keys even without a null for them', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      'Deployment',
    ) as Obj;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('answers 422 when patch content is outside its $retainKeys list, 400 when the list is malformed', () => {
    const outside = thrown(() =>
      applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, 'Deployment'),
    );
    expect(outside.code).toBe(422);
    expect(outside.message).toBe("patch content doesn't match retainKeys list");
    expect(thrown(() => applyStrategicMergePatch(deployment(), { spec: { strategy: { $retainKeys: 'type' } } }, 'Deployment')).code).toBe(400);
  });

  it('removes labels with null and adds others', () => {
    const out = applyStrategicMergePatch(deployment(), { metadata: { labels: { tier: null, env: 'prod' } } }, 'Deployment') as Obj;
    expect(out.metadata.labels).toEqual({ app: 'web', env: 'prod' });
  });

  it('treats finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const added = applyStrategicMergePatch(
      deployment(),
      { metadata: { finalizers: ['a.example/one', 'b.example/two'] } },
      'Deployment',
    ) as Obj;
    expect(added.metadata.finalizers).toEqual(['a.example/one', 'b.example/two']);
    const removed = applyStrategicMergePatch(
      added,
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example/one'] } },
      'Deployment',
    ) as Obj;
    expect(removed.metadata.finalizers).toEqual(['b.example/two']);
  });

  it('orders a primitive list with $setElementOrder', () => {
    const out = applyStrategicMergePatch(
      { metadata: { finalizers: ['x', 'y'] } },
      { metadata: { '$setElementOrder/finalizers': ['z', 'y', 'x'], finalizers: ['z'] } },
      'ConfigMap',
    ) as Obj;
    expect(out.metadata.finalizers).toEqual(['z', 'y', 'x']);
  });

  it('merges conditions by type in Pod, Node, Deployment and ReplicaSet status', () => {
    const patch = { status: { conditions: [{ type: 'Ready', status: 'False' }] } };
    for (const kind of ['Pod', 'Node', 'Deployment', 'ReplicaSet']) {
      const original = { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'r' }, { type: 'Other', status: 'True' }] } };
      const out = applyStrategicMergePatch(original, patch, kind) as Obj;
      expect(out.status.conditions, kind).toEqual([{ type: 'Ready', status: 'False', reason: 'r' }, { type: 'Other', status: 'True' }]);
    }
    // Kinds without tagged conditions replace the list.
    const lease = applyStrategicMergePatch({ status: { conditions: [{ type: 'Other' }] } }, patch, 'Lease') as Obj;
    expect(lease.status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });

  it('merges Service ports by port, ownerReferences by uid, node addresses by type', () => {
    const svc = applyStrategicMergePatch(
      { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
      { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
      'Service',
    ) as Obj;
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);
    const owned = applyStrategicMergePatch(
      { metadata: { ownerReferences: [{ uid: 'u1', name: 'rs', controller: true }] } },
      { metadata: { ownerReferences: [{ uid: 'u1', blockOwnerDeletion: true }, { uid: 'u2', name: 'other' }] } },
      'Pod',
    ) as Obj;
    expect(owned.metadata.ownerReferences).toEqual([
      { uid: 'u1', name: 'rs', controller: true, blockOwnerDeletion: true },
      { uid: 'u2', name: 'other' },
    ]);
    const node = applyStrategicMergePatch(
      { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n' }] } },
      { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
      'Node',
    ) as Obj;
    expect(node.status.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n' }]);
  });

  it('applies pod spec merge keys to ReplicaSet templates and to Pods', () => {
    const rs = applyStrategicMergePatch(
      { spec: { template: { spec: { initContainers: [{ name: 'i', image: 'a' }], imagePullSecrets: [{ name: 's1' }] } } } },
      { spec: { template: { spec: { initContainers: [{ name: 'j', image: 'b' }], imagePullSecrets: [{ name: 's2' }] } } } },
      'ReplicaSet',
    ) as Obj;
    expect(rs.spec.template.spec.initContainers).toEqual([{ name: 'i', image: 'a' }, { name: 'j', image: 'b' }]);
    expect(rs.spec.template.spec.imagePullSecrets).toEqual([{ name: 's1' }, { name: 's2' }]);
    const pod = applyStrategicMergePatch(
      { spec: { ephemeralContainers: [{ name: 'debug', image: 'a' }] } },
      { spec: { ephemeralContainers: [{ name: 'debug2', image: 'b' }] } },
      'Pod',
    ) as Obj;
    expect(pod.spec.ephemeralContainers).toHaveLength(2);
  });

  it('$patch: replace replaces a map or a whole list; $patch: delete empties a map', () => {
    const replacedMap = applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'replace', only: 'me' } } }, 'Deployment') as Obj;
    expect(replacedMap.metadata.labels).toEqual({ only: 'me' });
    const replacedList = applyStrategicMergePatch(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'solo', image: 'x' }, { $patch: 'replace' }] } } } },
      'Deployment',
    ) as Obj;
    expect(containers(replacedList)).toEqual([{ name: 'solo', image: 'x' }]);
    const deletedMap = applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'delete' } } }, 'Deployment') as Obj;
    expect(deletedMap.metadata.labels).toEqual({});
    const merged = applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'merge', env: 'x' } } }, 'Deployment') as Obj;
    expect(merged.metadata.labels).toEqual({ app: 'web', tier: 'front', env: 'x' });
  });

  it('answers 400 for unknown directives and malformed patches, 415 for a kind without metadata', () => {
    const unknownType = thrown(() => applyStrategicMergePatch(deployment(), { metadata: { labels: { $patch: 'explode' } } }, 'Deployment'));
    expect(unknownType.code).toBe(400);
    expect(unknownType.reason).toBe('BadRequest');
    expect(unknownType.message).toContain('unknown patch type');
    expect(thrown(() => applyStrategicMergePatch(deployment(), { spec: { $frobnicate: 1 } }, 'Deployment')).code).toBe(400);
    const noKey = thrown(() =>
      applyStrategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 'Deployment'),
    );
    expect(noKey.code).toBe(400);
    expect(noKey.message).toContain('does not contain declared merge key: name');
    expect(thrown(() => applyStrategicMergePatch(deployment(), [1], 'Deployment')).code).toBe(400);
    expect(thrown(() => applyStrategicMergePatch(deployment(), { metadata: { '$setElementOrder/finalizers': 'x' } }, 'Deployment')).code).toBe(400);
    expect(thrown(() => applyStrategicMergePatch(deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } }, 'Deployment')).code).toBe(400);
    expect(thrown(() => applyStrategicMergePatch({}, {}, 'Widget')).code).toBe(415);
  });

  it('kubectl apply removing an env var: nested $setElementOrder with a $patch: delete element', () => {
    const original = deployment();
    containers(original)[0]?.env.push({ name: 'B', value: '2' });
    const out = applyStrategicMergePatch(
      original,
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
              containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], name: 'web' }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(out).toEqual(deployment());
  });

  it('switches a volume source with $retainKeys on the volume element', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/volumes': [{ name: 'data' }],
              volumes: [{ $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' }, name: 'data' }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('$setElementOrder without a patch list only reorders, even on a replaced list', () => {
    const out = applyStrategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
              '$setElementOrder/tolerations': [{ key: 'k1', operator: 'Exists' }],
            },
          },
        },
      },
      'Deployment',
    ) as Obj;
    expect(containers(out).map((c) => c.name)).toEqual(['sidecar', 'web']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'k1', operator: 'Exists' }]);
  });

  it('orders Service ports by port in $setElementOrder/ports', () => {
    const out = applyStrategicMergePatch(
      { spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } },
      { spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 80 }], ports: [{ port: 80, name: 'web' }] } },
      'Service',
    ) as Obj;
    expect(out.spec.ports).toEqual([{ port: 443, name: 'https' }, { port: 80, name: 'web' }]);
  });

  it('an empty patch (kubectl apply with nothing changed) returns an equal object', () => {
    expect(applyStrategicMergePatch(deployment(), {}, 'Deployment')).toEqual(deployment());
  });

  it('drops directives and nulls from values new to the object, and never mutates its inputs', () => {
    const original = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] } };
    const patch = {
      metadata: { labels: { a: 'b', gone: null } },
      spec: {
        containers: [{ name: 'a', env: [{ name: 'E', value: '1' }] }],
        volumes: [{ name: 'v', emptyDir: {} }, { name: 'old', $patch: 'delete' }],
      },
    };
    const before = structuredClone({ original, patch });
    const out = applyStrategicMergePatch(original, patch, 'Pod') as Obj;
    expect(out.metadata.labels).toEqual({ a: 'b' });
    expect(out.spec.volumes).toEqual([{ name: 'v', emptyDir: {} }]);
    expect({ original, patch }).toEqual(before);
    out.spec.containers[0].env.push({ name: 'F' });
    expect({ original, patch }).toEqual(before);
  });
});
