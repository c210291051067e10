/**
 * Issue 15 A5: the official Kubernetes Python client (Debian's
 * python3-kubernetes, run by /usr/bin/python3) drives tests/python/scenario.py
 * against a cluster with a kubelet and the controllers: create/read,
 * patch/replace with a conflict, pagination, watch with resume and 410, the
 * scale subresource, logs, exec, and delete with propagation. Under CI=true a
 * missing python3-kubernetes fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { controllerManagerComponent } from '../../src/main/controller/component';
import { schedulerComponent } from '../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../src/main/kubelet/cluster-options';
import { cleanupByLabel, connectTestRuntime, TEST_LABEL, testRunId } from '../../src/main/kubelet/testing/docker-env';
import type { DockerRuntime } from '../../src/main/kubelet/runtime/docker/docker-runtime';
import { startTestCluster, type TestCluster } from './helpers/test-cluster';

const PYTHON = '/usr/bin/python3';
const SCENARIO = fileURLToPath(new URL('../python/scenario.py', import.meta.url));
const run = testRunId();
const node = `kd-py-${run}`;
let tc: TestCluster;
let rt: DockerRuntime;

/** requirePythonClient fails (never skips) when python3 or its kubernetes package is missing. */
function requirePythonClient(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, ['-c', 'import kubernetes, kubernetes.stream; print(kubernetes.__version__)'], (err, stdout, stderr) =>
      err ? reject(new Error(`python3-kubernetes is not installed (apt-get install python3-kubernetes; ./test installs it): ${stderr || err.message}`)) : resolve(void stdout),
    );
  });
}

beforeAll(async () => {
  await requirePythonClient();
  rt = await connectTestRuntime();
  const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
  tc = await startTestCluster({ components: [...k.components, controllerManagerComponent(), schedulerComponent()], podStreams: k.podStreams });
});

afterAll(async () => {
  await tc?.stop();
  if (rt) await cleanupByLabel(rt, TEST_LABEL, run);
});

describe('the official Python client', () => {
  it('runs tests/python/scenario.py to the end', async () => {
    const child = spawn(PYTHON, [SCENARIO, tc.cluster.kubeconfigPath, `py-${run}`.toLowerCase(), node], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // The 410 step asks for the history to be compacted, then reads one line.
      if (stdout.includes('NEED_COMPACTION') && !child.stdin.writableEnded) {
        void tc.cluster.compactNow().then(() => child.stdin.end('\n'));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c ?? -1);
      });
    });
    expect({ code, stderr: stderr.slice(-3000) }).toEqual({ code: 0, stderr: expect.any(String) as string });
    for (const step of ['create-read', 'patch-replace-conflict', 'list-pagination', 'watch-resume', 'watch-410-relist', 'scale', 'logs-exec', 'delete-propagation']) {
      expect(stdout).toContain(`ok ${step}\n`);
    }
    expect(stdout).toContain('scenario passed');
  }, 200_000);
});
