import { describe, expect, it } from 'vitest';
import { checkYamlText } from './check-text';
import { suggestFields } from './completion';
import { SchemaSet, openapiPath } from './openapi';
import { keyContextAt, outlineDocuments } from './outline';
import { APPS_V1 } from './testdata';
import { validateValue } from './validate';

const set = new SchemaSet(APPS_V1);
const source = async (apiVersion: string) => (apiVersion === 'apps/v1' ? set : undefined);

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
      - name: side
        image: busybox
`;

describe('openapi schema set', () => {
  it('finds the document path of an apiVersion', () => {
    expect(openapiPath('v1')).toBe('/openapi/v3/api/v1');
    expect(openapiPath('apps/v1')).toBe('/openapi/v3/apis/apps/v1');
  });

  it('walks refs, allOf wrappers and list items, and names types as kubectl explain does', () => {
    const root = set.kindSchema('apps/v1', 'Deployment')!;
    expect(root.name).toBe('Deployment');
    const containers = set.at(root, ['spec', 'template', 'spec', 'containers'])!;
    expect(set.typeName(containers)).toBe('[]Container');
    expect(set.typeName(set.at(root, ['spec', 'template', 'spec', 'containers', '[0]', 'readinessProbe'])!)).toBe('Probe');
    expect(set.typeName(set.at(root, ['metadata', 'labels'])!)).toBe('map[string]string');
    expect(set.typeName(set.at(root, ['spec', 'replicas'])!)).toBe('integer');
    expect(set.at(root, ['spec', 'replica'])).toBeUndefined();
  });
});

describe('validateValue', () => {
  const root = set.kindSchema('apps/v1', 'Deployment')!;
  const check = (spec: unknown) => validateValue(set, { apiVersion: 'apps/v1', kind: 'Deployment', spec }, root);
  const template = { spec: { containers: [{ name: 'a' }] } };

  it('accepts a valid object, null as "not set", and what the schema leaves open (FieldsV1)', () => {
    expect(check({ replicas: 1, paused: null, selector: {}, template })).toEqual([]);
    expect(validateValue(set, { metadata: { creationTimestamp: null, managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }] } }, root)).toEqual([]);
  });

  it('names wrong types with the path and the value', () => {
    expect(check({ replicas: 'three', paused: 'yes', selector: [], template })).toEqual([
      { path: 'spec.replicas', rule: 'type', message: 'spec.replicas must be an integer, got the string "three"' },
      { path: 'spec.paused', rule: 'type', message: 'spec.paused must be true or false, got the string "yes"' },
      { path: 'spec.selector', rule: 'type', message: 'spec.selector must be an object, got a list' },
    ]);
    expect(check({ replicas: 1.5, selector: {}, template: { spec: { containers: { name: 'a' } } } }).map((i) => i.message)).toEqual([
      'spec.replicas must be an integer, got the number 1.5',
      'spec.template.spec.containers must be a list, got an object',
    ]);
  });

  it('flags unknown fields with a guess, and missing required ones', () => {
    expect(check({ replica: 2, template: { spec: { containers: [{ image: 'x' }] } } })).toEqual([
      { path: 'spec.selector', rule: 'required', message: 'spec.selector is required' },
      { path: 'spec.replica', rule: 'unknown', message: 'spec.replica: unknown field "replica" (did you mean replicas?)' },
      { path: 'spec.template.spec.containers[0].name', rule: 'required', message: 'spec.template.spec.containers[0].name is required' },
    ]);
  });

  it('checks enums', () => {
    expect(check({ selector: {}, template, strategy: { type: 'Rolling' } }).map((i) => i.message)).toEqual([
      'spec.strategy.type must be one of "Recreate", "RollingUpdate", got the string "Rolling"',
    ]);
  });

  it('accepts the forms of IntOrString and Quantity, and only those', () => {
    const container = (c: object) => check({ selector: {}, template: { spec: { containers: [{ name: 'a', ...c }] } } }).map((i) => i.message);
    expect(container({ readinessProbe: { httpGet: { port: 8080 } }, resources: { limits: { cpu: '500m', memory: '128Mi', 'nvidia.com/gpu': 1 } } })).toEqual([]);
    expect(container({ readinessProbe: { httpGet: { port: 'http' } } })).toEqual([]);
    expect(container({ readinessProbe: { httpGet: { port: true } } })).toEqual(['spec.template.spec.containers[0].readinessProbe.httpGet.port must be an integer or a string, got true']);
    expect(container({ resources: { limits: { cpu: 'lots', memory: [] } } })).toEqual([
      'spec.template.spec.containers[0].resources.limits.cpu must be a quantity such as 500m, 128Mi or 2, got the string "lots"',
      'spec.template.spec.containers[0].resources.limits.memory must be a string or a number, got a list',
    ]);
  });
});

describe('validateValue on schemas written as other clusters publish them', () => {
  it('reads v2-style IntOrString (type string, format int-or-string), a CRD int-or-string and a string-typed Quantity', () => {
    const other = new SchemaSet({
      components: {
        schemas: {
          'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
          'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
          'com.example.v1.Widget': {
            type: 'object',
            properties: {
              port: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
              size: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' },
              surge: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
              extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
            'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
          },
        },
      },
    });
    const root = other.kindSchema('example.com/v1', 'Widget')!;
    expect(validateValue(other, { port: 80, size: 2, surge: '25%', extra: { anything: [1] } }, root)).toEqual([]);
    expect(validateValue(other, { port: 'http', size: '1Gi', surge: 1 }, root)).toEqual([]);
    expect(validateValue(other, { port: [], size: 'big', surge: false }, root).map((i) => i.path)).toEqual(['port', 'size', 'surge']);
  });
});

describe('outline', () => {
  it('maps field paths to lines, list items by index, across documents', () => {
    const [doc] = outlineDocuments(DEPLOYMENT);
    expect(doc!.lines.get('spec.replicas')).toBe(8);
    expect(doc!.lines.get('spec.template.spec.containers[0].image')).toBe(16);
    expect(doc!.lines.get('spec.template.spec.containers[0].ports[0].containerPort')).toBe(18);
    expect(doc!.lines.get('spec.template.spec.containers[1].image')).toBe(20);
    const two = outlineDocuments(`a: 1\n---\nb:\n  - x\n  - y: |\n      text: here\n    z: 2\n`);
    expect(two.map((d) => d.firstLine)).toEqual([1, 3]);
    expect([...two[1]!.lines]).toEqual([
      ['b', 3],
      ['b[0]', 4],
      ['b[1]', 5],
      ['b[1].y', 5],
      ['b[1].z', 7],
    ]);
  });

  it('finds the mapping a key typed at the cursor belongs to', () => {
    const at = (marker: string) => {
      const text = DEPLOYMENT.replace(marker, `${marker}\n${'        '}`);
      return keyContextAt(text, text.indexOf(marker) + marker.length + 9);
    };
    const inContainer = at('        image: nginx');
    expect(inContainer?.parent).toEqual(['spec', 'template', 'spec', 'containers', '[0]']);
    expect(inContainer?.siblings).toEqual(new Set(['name', 'image', 'ports']));
    expect(inContainer?.kind).toBe('Deployment');
    const text = `${DEPLOYMENT}  rep`;
    expect(keyContextAt(text, text.length)).toMatchObject({ parent: ['spec'], word: 'rep' });
    const item = `${DEPLOYMENT}      - ima`;
    expect(keyContextAt(item, item.length)).toMatchObject({ parent: ['spec', 'template', 'spec', 'containers', '[2]'], word: 'ima' });
    expect(keyContextAt('a: b', 4)).toMatchObject({ at: 'value', parent: ['a'], word: 'b' });
    expect(keyContextAt('a: "b', 5)).toBeUndefined();
    expect(keyContextAt('# note', 6)).toBeUndefined();
  });
});

describe('suggestFields', () => {
  it('offers the fields a container may have, with types and first lines, minus those written', () => {
    const text = DEPLOYMENT.replace('        image: busybox\n', '        image: busybox\n        \n');
    const offset = text.indexOf('busybox\n') + 'busybox\n        '.length;
    const out = suggestFields(set, keyContextAt(text, offset)!);
    expect(out.map((s) => s.name)).toEqual(['ports', 'readinessProbe', 'resources']);
    expect(out[1]).toEqual({ name: 'readinessProbe', insert: 'readinessProbe: ', type: 'Probe', doc: 'Probe describes a health check.', required: false });
    expect(out[0]!.type).toBe('[]ContainerPort');
  });

  it('filters by the word typed and puts required fields first', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  `;
    expect(suggestFields(set, keyContextAt(text, text.length)!).map((s) => s.name)).toEqual(['selector', 'template', 'paused', 'replicas', 'strategy']);
    expect(suggestFields(set, keyContextAt(`${text}re`, text.length + 2)!)).toEqual([{ name: 'replicas', insert: 'replicas: ', type: 'integer', doc: 'Number of desired pods.', required: false }]);
  });
});

describe('suggestFields at a value', () => {
  it("offers an enum's values and true/false, filtered by the word typed", () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy:\n    type: R`;
    expect(suggestFields(set, keyContextAt(text, text.length)!).map((s) => s.insert)).toEqual(['Recreate', 'RollingUpdate']);
    const bool = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  paused: `;
    expect(suggestFields(set, keyContextAt(bool, bool.length)!).map((s) => [s.name, s.type])).toEqual([
      ['true', 'boolean'],
      ['false', 'boolean'],
    ]);
    const free = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: `;
    expect(suggestFields(set, keyContextAt(free, free.length)!)).toEqual([]);
  });
});

describe('checkYamlText', () => {
  it('puts each issue on the line that sets the field', async () => {
    const text = DEPLOYMENT.replace('replicas: 2', 'replicas: three').replace('        image: busybox', '        image: busybox\n        imagePullPolice: Always');
    const { issues } = await checkYamlText(text, source);
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [8, 'spec.replicas must be an integer, got the string "three"'],
      [21, 'spec.template.spec.containers[1].imagePullPolice: unknown field "imagePullPolice"'],
    ]);
  });

  it('reports syntax errors with line:column, and names kinds it has no schema for', async () => {
    const { issues, unchecked } = await checkYamlText(`apiVersion: example.com/v1\nkind: Widget\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: [1\n`, source);
    expect(unchecked).toEqual(['example.com/v1 Widget']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'syntax' });
    expect(issues[0]!.message).toMatch(/^YAML syntax, line \d+:\d+: /);
  });
});
