/**
 * Issue 15 A2: `kubectl explain` reads the served OpenAPI v3 schemas
 * (/openapi/v3/<group-version>, by x-kubernetes-group-version-kind) and prints
 * Kubernetes' descriptions; `--recursive` walks a whole kind. The schemas also
 * carry the list types and merge keys Kubernetes publishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster();
});

afterAll(async () => {
  await tc?.stop();
});

describe('kubectl explain', () => {
  it('pod.spec.containers.readinessProbe prints the Probe description and its fields', async () => {
    const out = await tc.kubectl.ok(['explain', 'pod.spec.containers.readinessProbe']);
    expect(out).toMatch(/KIND:\s+Pod/);
    expect(out).toMatch(/VERSION:\s+v1/);
    expect(out).toMatch(/FIELD:\s+readinessProbe <Probe>/);
    expect(out).toContain('Probe describes a health check to be performed against a container');
    expect(out).toMatch(/initialDelaySeconds\s+<integer>/);
    expect(out).toMatch(/httpGet\s+<HTTPGetAction>/);
  });

  it('pod.spec.containers names the required field and the list element type', async () => {
    const out = await tc.kubectl.ok(['explain', 'pod.spec.containers']);
    expect(out).toMatch(/FIELD:\s+containers <\[\]Container>/);
    expect(out).toMatch(/name\s+<string> -required-/);
    expect(out).toContain('List of containers belonging to the pod.');
  });

  it('pod.spec.restartPolicy lists the values Kubernetes publishes as its enum', async () => {
    const out = await tc.kubectl.ok(['explain', 'pod.spec.restartPolicy']);
    expect(out).toMatch(/FIELD:\s+restartPolicy <string>/);
    expect(out).toMatch(/ENUM:\s+Always\s+Never\s+OnFailure/);
  });

  it('deployment --recursive walks the whole kind', async () => {
    const out = await tc.kubectl.ok(['explain', 'deployment', '--recursive']);
    expect(out).toMatch(/GROUP:\s+apps/);
    expect(out).toMatch(/KIND:\s+Deployment/);
    expect(out).toMatch(/^\s+replicas\s+<integer>$/m);
    expect(out).toMatch(/^\s+readinessProbe\s+<Probe>$/m);
    expect(out).toMatch(/^\s+rollingUpdate\s+<RollingUpdateDeployment>$/m);
    expect(out).toMatch(/^\s+maxSurge\s+<IntOrString>$/m);
    expect(out).toMatch(/^\s+limits\s+<map\[string\]Quantity>$/m);
    expect(out).toMatch(/^\s+creationTimestamp\s+<string>$/m);
  });

  it('every served kind is explained', async () => {
    for (const kind of ['namespaces', 'pods', 'nodes', 'services', 'endpoints', 'events', 'configmaps', 'secrets', 'deployments', 'replicasets', 'leases']) {
      const out = await tc.kubectl.ok(['explain', kind]);
      expect(out, kind).toMatch(/DESCRIPTION:\n\s+\S/);
      expect(out, kind).toContain('metadata');
    }
    for (const kind of ['statefulsets', 'controllerrevisions', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses']) {
      const out = await tc.kubectl.ok(['explain', kind]);
      expect(out, kind).toMatch(/DESCRIPTION:\n\s+\S/);
    }
    expect(await tc.kubectl.ok(['explain', 'statefulset.spec.volumeClaimTemplates'])).toMatch(/FIELD:\s+volumeClaimTemplates\s+<\[\]PersistentVolumeClaim>/);
    const ev = await tc.kubectl.ok(['explain', 'events', '--api-version=events.k8s.io/v1']);
    expect(ev).toMatch(/GROUP:\s+events\.k8s\.io/);
    expect(ev).toMatch(/regarding\s+<ObjectReference>/);
  });

  it('endpointslice (discovery.k8s.io/v1) is explained, with the addressType enum and the endpoints list', async () => {
    const out = await tc.kubectl.ok(['explain', 'endpointslice']);
    expect(out).toMatch(/GROUP:\s+discovery\.k8s\.io/);
    expect(out).toMatch(/KIND:\s+EndpointSlice/);
    expect(out).toMatch(/addressType\s+<string> -required-/);
    expect(out).toMatch(/endpoints\s+<\[\]Endpoint>/);
    const at = await tc.kubectl.ok(['explain', 'endpointslice.addressType']);
    expect(at).toMatch(/ENUM:\s+FQDN\s+IPv4\s+IPv6/);
    const cond = await tc.kubectl.ok(['explain', 'endpointslice.endpoints.conditions']);
    expect(cond).toMatch(/serving\s+<boolean>/);
    expect(cond).toMatch(/terminating\s+<boolean>/);
  });

  it('publishes list types and merge keys as Kubernetes does', async () => {
    const doc = JSON.parse(await tc.kubectl.ok(['get', '--raw', '/openapi/v3/api/v1']));
    const s = doc.components.schemas;
    expect(s['io.k8s.api.core.v1.Container'].properties.ports).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      'x-kubernetes-patch-merge-key': 'containerPort',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(s['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.ownerReferences).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'] });
    expect(s['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    // The PATCH operations kubectl apply relies on are still there.
    expect(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
  });
});
