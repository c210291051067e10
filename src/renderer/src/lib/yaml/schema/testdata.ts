/** A small apps/v1 document shaped as the API server publishes it (refs, allOf wrappers, unions), for the schema tests. */
import type { OpenApiDoc } from './openapi';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const wrapped = (name: string) => ({ allOf: [ref(name)], default: {} });

/** APPS_V1 holds Deployment and what it references, trimmed to the fields the tests use. */
export const APPS_V1: OpenApiDoc = {
  components: {
    schemas: {
      'io.k8s.api.apps.v1.Deployment': {
        type: 'object',
        description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
        properties: {
          apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema.' },
          kind: { type: 'string', description: 'Kind is a string value.' },
          metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
          spec: wrapped('io.k8s.api.apps.v1.DeploymentSpec'),
        },
        'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
      },
      'io.k8s.api.apps.v1.DeploymentSpec': {
        type: 'object',
        properties: {
          replicas: { type: 'integer', format: 'int32', description: 'Number of desired pods.\nMore.' },
          paused: { type: 'boolean' },
          selector: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
          template: wrapped('io.k8s.api.core.v1.PodTemplateSpec'),
          strategy: { type: 'object', properties: { type: { type: 'string', enum: ['Recreate', 'RollingUpdate'] } } },
        },
        required: ['selector', 'template'],
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
        type: 'object',
        properties: {
          name: { type: 'string' },
          labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
          creationTimestamp: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time'),
          managedFields: { type: 'array', items: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry') },
        },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry': {
        type: 'object',
        properties: { manager: { type: 'string' }, fieldsV1: ref('io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1') },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object', description: 'FieldsV1 stores a set of fields.' },
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
      'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
        type: 'object',
        properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string', default: '' } } },
      },
      'io.k8s.api.core.v1.PodTemplateSpec': {
        type: 'object',
        properties: { metadata: wrapped('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), spec: wrapped('io.k8s.api.core.v1.PodSpec') },
      },
      'io.k8s.api.core.v1.PodSpec': {
        type: 'object',
        properties: { containers: { type: 'array', items: wrapped('io.k8s.api.core.v1.Container'), description: 'List of containers belonging to the pod.' } },
        required: ['containers'],
      },
      'io.k8s.api.core.v1.Container': {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Name of the container specified as a DNS_LABEL.' },
          image: { type: 'string', description: 'Container image name.\nMore info: https://kubernetes.io/docs/concepts/containers/images' },
          ports: { type: 'array', items: wrapped('io.k8s.api.core.v1.ContainerPort') },
          readinessProbe: ref('io.k8s.api.core.v1.Probe'),
          resources: wrapped('io.k8s.api.core.v1.ResourceRequirements'),
        },
        required: ['name'],
      },
      'io.k8s.api.core.v1.ContainerPort': {
        type: 'object',
        properties: { containerPort: { type: 'integer', format: 'int32' }, protocol: { type: 'string', enum: ['SCTP', 'TCP', 'UDP'] } },
        required: ['containerPort'],
      },
      'io.k8s.api.core.v1.Probe': {
        type: 'object',
        description: 'Probe describes a health check.',
        properties: { httpGet: { type: 'object', properties: { port: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), path: { type: 'string' } } } },
      },
      'io.k8s.api.core.v1.ResourceRequirements': {
        type: 'object',
        properties: { limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') } },
      },
      'io.k8s.apimachinery.pkg.api.resource.Quantity': { description: 'Quantity is a fixed-point number.', oneOf: [{ type: 'string' }, { type: 'number' }] },
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
    },
  },
};
