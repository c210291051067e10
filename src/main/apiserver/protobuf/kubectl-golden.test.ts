/**
 * Golden tests against what the real kubectl sends. The frozen bodies below were
 * captured from this machine's kubectl (dispatcher v1.32.4 running its 1.32 binary,
 * chosen by our /version); the live test captures them again on every run, so a
 * change in kubectl's encoding shows up here rather than as a 400 in the app.
 */
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from './index';
import { startKubectlCapture, type KubectlCapture } from './kubectl-capture';

const FROZEN: Record<string, string> = {
  configmap: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEhsKEQoBeBIAGgAiACoAMgA4AEIAEgYKAWESAWIaACIA',
  secret: 'azhzAAoMCgJ2MRIGU2VjcmV0Eh0KEQoBcxIAGgAiACoAMgA4AEIAEgYKAWsSAXYaABoAIgA=',
  namespace: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhoKEgoCbjESABoAIgAqADIAOABCABIAGgIKABoAIgA=',
  deployment:
    'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNhcHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoHYnVzeWJveBIHYnVzeWJveCoAMgsKABAAGJA/IgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
  service:
    'azhzAAoNCgJ2MRIHU2VydmljZRJjChsKAXMSABoAIgAqADIAOABCAFoICgNhcHASAXMSQAobCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACgAEggKA2FwcBIBcxoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
};

const EXPECTED: Record<string, unknown> = {
  configmap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } },
  secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: Buffer.from('v').toString('base64') } },
  namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n1' }, spec: {}, status: {} },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'busybox', image: 'busybox', ports: [{ containerPort: 8080 }], resources: {} }] },
      },
      strategy: {},
    },
    status: {},
  },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', labels: { app: 's' } },
    spec: {
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
      selector: { app: 's' },
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  },
};

const COMMANDS: Record<string, string[]> = {
  configmap: ['create', 'configmap', 'x', '--from-literal=a=b'],
  secret: ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
  namespace: ['create', 'namespace', 'n1'],
  deployment: ['create', 'deployment', 'web', '--image=busybox', '--replicas=2', '--port=8080'],
  service: ['create', 'service', 'clusterip', 's', '--tcp=80:8080'],
};

describe('kubectl protobuf bodies (frozen capture)', () => {
  for (const name of Object.keys(FROZEN)) {
    it(`decodes kubectl create ${name}`, () => {
      expect(decodeProtobufObject(Buffer.from(FROZEN[name]!, 'base64'))).toEqual(EXPECTED[name]);
    });
  }
});

describe('kubectl protobuf bodies (live capture from the real kubectl)', () => {
  let capture: KubectlCapture;
  let dir: string;

  beforeAll(async () => {
    capture = await startKubectlCapture();
    dir = mkdtempSync(join(tmpdir(), 'kubedeck-pb-golden-'));
  });
  afterAll(async () => {
    await capture?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function captureOne(args: string[]) {
    const before = capture.requests.length;
    const r = await capture.kubectl(args);
    expect(r.code, `kubectl ${args.join(' ')}\n${r.stderr}`).toBe(0);
    expect(capture.requests.length).toBe(before + 1);
    return capture.requests[before]!;
  }

  for (const name of Object.keys(COMMANDS)) {
    it(`kubectl ${COMMANDS[name]!.join(' ')} sends protobuf we decode`, async () => {
      const req = await captureOne(COMMANDS[name]!);
      expect(req.method).toBe('POST');
      expect(req.contentType).toBe(PROTOBUF_CONTENT_TYPE);
      expect(decodeProtobufObject(req.body)).toEqual(EXPECTED[name]);
    });
  }

  it('kubectl create configmap --from-file with binary content arrives as binaryData (base64)', async () => {
    const file = join(dir, 'blob.bin');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), randomBytes(2000)]);
    writeFileSync(file, bytes);
    const req = await captureOne(['create', 'configmap', 'bin', `--from-file=blob=${file}`, '--from-literal=t=x']);
    expect(req.contentType).toBe(PROTOBUF_CONTENT_TYPE);
    expect(decodeProtobufObject(req.body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bin' },
      data: { t: 'x' },
      binaryData: { blob: readFileSync(file).toString('base64') },
    });
  });

  it('kubectl create secret docker-registry, service nodeport with a named target port, deployment with two images', async () => {
    const secret = await captureOne(['create', 'secret', 'docker-registry', 'reg', '--docker-username=u', '--docker-password=p', '--docker-server=r.io']);
    const s = decodeProtobufObject(secret.body) as { type: string; data: Record<string, string> };
    expect(s.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(s.data['.dockerconfigjson']!, 'base64').toString())).toMatchObject({ auths: { 'r.io': { username: 'u', password: 'p' } } });

    const svc = await captureOne(['create', 'service', 'nodeport', 'np', '--tcp=80:http', '--node-port=30080']);
    expect(decodeProtobufObject(svc.body)).toMatchObject({
      spec: { type: 'NodePort', ports: [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }] },
    });

    const deploy = await captureOne(['create', 'deployment', 'multi', '--image=busybox', '--image=nginx']);
    expect(decodeProtobufObject(deploy.body)).toMatchObject({
      spec: {
        replicas: 1,
        template: { spec: { containers: [{ name: 'busybox', image: 'busybox' }, { name: 'nginx', image: 'nginx' }] } },
      },
    });
  });

  it('kubectl run sends JSON, not protobuf (it builds the pod as an unstructured object)', async () => {
    const req = await captureOne(['run', 'p', '--image=busybox', '--labels=a=b', '--env=K=V', '--port=80', '--', 'sleep', '3600']);
    expect(req.contentType).toBe('application/json');
    expect(JSON.parse(req.body.toString())).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'b' } },
      spec: { containers: [{ name: 'p', image: 'busybox', args: ['sleep', '3600'], ports: [{ containerPort: 80 }], env: [{ name: 'K', value: 'V' }] }] },
    });
  });
});
