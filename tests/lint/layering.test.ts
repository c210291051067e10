/**
 * Issue 2 A2: the layering rule. Renderer and shared code must not import
 * node:*, Node built-ins, electron or src/main; lint must reject each, and
 * must accept the same import on the main side.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports');
}

/** expectRejected lints one import line as file and expects exactly one restriction, saying pattern. */
async function expectRejected(file: string, line: string, pattern: RegExp) {
  const messages = await lint(file, `${line}\nexport const probe = 1;\n`);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.message).toMatch(pattern);
}

describe('layering lint rule', () => {
  it("rejects import fs from 'node:fs' in the renderer", async () => {
    const messages = await lint('src/renderer/src/layering-probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/must not import Node built-ins/);
  });

  it.each([
    ["import { app } from 'electron';", /electron/],
    ["import path from 'path';", /Node built-ins/],
    ["import { startCluster } from '../../main/cluster/cluster';", /src\/main/],
  ])('rejects %s in the renderer', async (line, pattern) => {
    const messages = await lint('src/renderer/src/layering-probe.ts', `${line}\nexport const y = 1;\n`);
    expect(messages.map((m) => m.message).join('\n')).toMatch(pattern);
  });

  it('rejects node:crypto in src/shared', async () => {
    const messages = await lint('src/shared/layering-probe.ts', "import { randomUUID } from 'node:crypto';\nexport const z = randomUUID;\n");
    expect(messages).toHaveLength(1);
  });

  it('accepts the same import in the main process', async () => {
    const messages = await lint('src/main/layering-probe.ts', "import fs from 'node:fs';\nexport const x = fs;\n");
    expect(messages).toHaveLength(0);
  });
});

/**
 * Issue 17 A5: the component boundary. Controllers, the scheduler, kubelets
 * and the proxy reach state only through the API client: lint rejects a
 * storage/ or apiserver/ import there and accepts the client.
 */
describe('component boundary lint rule', () => {
  it.each([
    ['src/main/controller/replicaset/boundary-probe.ts', "import { openSqliteStore } from '../../storage';", /never the store/],
    ['src/main/controller/deployment/boundary-probe.ts', "import type { Store } from '../../storage/types';", /never the store/],
    ['src/main/scheduler/boundary-probe.ts', "import { createRegistry } from '../apiserver/registry';", /never the API server/],
    ['src/main/kubelet/boundary-probe.ts', "import { podStreaming } from '../apiserver/streaming';", /never the API server/],
    ['src/main/proxy/boundary-probe.ts', "import { openSqliteStore } from '../storage/index';", /never the store/],
    ['src/main/kubelet-hollow/boundary-probe.ts', "import type { Registry } from '../apiserver/registry/types';", /never the API server/],
  ])('rejects in %s: %s', expectRejected);

  it('accepts the API client and the node-side contracts in a component', async () => {
    const code = "import type { ApiClient } from '../../client/types';\nimport type { MetricsProvider } from '../../node-api/metrics';\nexport type P = [ApiClient, MetricsProvider];\n";
    expect(await lint('src/main/controller/replicaset/boundary-probe.ts', code)).toHaveLength(0);
  });

  it('accepts the storage.k8s.io kinds (src/shared/api/storage) in a component', async () => {
    const code = "import type { StorageClass } from '../../../shared/api/storage';\nexport type S = StorageClass;\n";
    expect(await lint('src/main/controller/volume/boundary-probe.ts', code)).toHaveLength(0);
  });

  it.each([
    ['src/main/ingress/boundary-probe.ts', "import { openSqliteStore } from '../storage';", /never the store/],
    ['src/main/proxy/boundary-probe.ts', "import type { Component } from '../cluster/cluster';", /never import the cluster wiring/],
    ['src/main/controller/boundary-probe.ts', "import { defaultComponents } from '../cluster/components';", /never import the cluster wiring/],
  ])('rejects in %s: %s', expectRejected);

  it('accepts storage and apiserver imports in the cluster wiring', async () => {
    const code = "import { openSqliteStore } from '../storage';\nimport { createRegistry } from '../apiserver/registry';\nexport const w = [openSqliteStore, createRegistry];\n";
    expect(await lint('src/main/cluster/wiring-probe.ts', code)).toHaveLength(0);
  });
});

/**
 * Issue 17 item 5: control plane and node side stay apart. Controllers and
 * the scheduler never import the kubelet, proxy, ingress or Docker code; the
 * kubelets never import controllers or the scheduler.
 */
describe('control plane / node side lint rule', () => {
  it.each([
    ['src/main/controller/replicaset/boundary-probe.ts', "import { Kubelet } from '../../kubelet/kubelet';", /do not import the node side/],
    ['src/main/controller/volume/boundary-probe.ts', "import { connectDocker } from '../../docker/endpoint';", /do not import the node side/],
    ['src/main/scheduler/boundary-probe.ts', "import { startServiceProxy } from '../proxy/service-proxy';", /do not import the node side/],
    ['src/main/kubelet/boundary-probe.ts', "import { createScheduler } from '../scheduler/scheduler';", /does not import controllers or the scheduler/],
    ['src/main/kubelet/pods/boundary-probe.ts', "import type { JobOptions } from '../../controller/manager';", /does not import controllers or the scheduler/],
    ['src/main/kubelet-hollow/boundary-probe.ts', "import { controllerManagerComponent } from '../controller/component';", /does not import controllers or the scheduler/],
  ])('rejects in %s: %s', expectRejected);

  it('accepts what both sides share: the client, the component contract, node-api and the hollow kubelet in a controller test', async () => {
    const code = "import { runWorkers } from '../../client/worker';\nimport type { ComponentContext } from '../../client/component';\nimport type { PodStreamBackend } from '../../node-api/streaming';\nimport { HollowKubelet } from '../../kubelet-hollow/hollow-kubelet';\nexport type P = [typeof runWorkers, ComponentContext, PodStreamBackend, HollowKubelet];\n";
    expect(await lint('src/main/controller/replicaset/boundary-probe.ts', code)).toHaveLength(0);
  });

  it('accepts the kubelet and the Docker engine code in the proxy and the kubelet', async () => {
    expect(await lint('src/main/proxy/boundary-probe.ts', "import { connectDocker } from '../docker/endpoint';\nexport const c = connectDocker;\n")).toHaveLength(0);
    expect(await lint('src/main/kubelet/boundary-probe.ts', "import { connectDocker } from '../docker/endpoint';\nexport const c = connectDocker;\n")).toHaveLength(0);
  });
});
