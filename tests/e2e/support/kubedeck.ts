/**
 * Starting `kubedeck serve` for an e2e run and talking to it with the real
 * kubectl: the way users run it headless, built by `npm run build`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { clusterIdFor, clusterNetworkName, LABEL_CLUSTER } from '../../../src/main/cluster/identity';
import { spawnTracked } from '../../integration/helpers/tracked-process';

const run = promisify(execFile);

export interface Kubedeck {
  apiUrl: string;
  loginUrl: string;
  uiUrl: string;
  dataDir: string;
  kubeconfig: string;
  /** kubectl runs the real kubectl against the cluster; rejects on a non-zero exit. */
  kubectl(...args: string[]): Promise<string>;
  /** kubectlStatus runs kubectl and returns exit code and output, never rejecting. */
  kubectlStatus(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** stop ends serve and removes the cluster's Docker objects and data dir; `keepData` keeps both for a restart on the same data dir. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** startKubedeck runs out/main/serve.js on ephemeral ports and waits for its two ready lines. */
export async function startKubedeck(
  opts: {
    readyTimeoutMs?: number;
    /** the data dir's config.yaml (extra nodes) */ config?: string;
    /** a data dir kept by stop({ keepData: true }) */ dataDir?: string;
    /** extra environment (e.g. KUBECONFIG: the contexts the app offers) */ env?: Record<string, string>;
  } = {},
): Promise<Kubedeck> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'kubedeck-e2e-')));
  if (opts.config !== undefined) await writeFile(join(dataDir, 'config.yaml'), opts.config);
  const cacheDir = join(dataDir, 'kubectl-cache');
  // KUBEDECK_SERVE_JS points at another build (for example a copy under test).
  const serveJs = process.env.KUBEDECK_SERVE_JS ?? fileURLToPath(new URL('../../../out/main/serve.js', import.meta.url));
  // process.execPath is the Node 24 that runs Playwright (the pinned devDependency);
  // spawned in a process group of its own so stop() can prove nothing of it is left.
  // KUBECONFIG unset unless given: the app must not offer the contexts of whoever runs the tests.
  const env = { KUBECONFIG: join(dataDir, 'no-kubeconfig'), ...opts.env };
  const serve = spawnTracked(process.execPath, [serveJs, '--data-dir', dataDir, '--port', '0', '--ui-port', '0'], { env });
  const child = serve.child;
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (process.env.KUBEDECK_E2E_LOG) process.stderr.write(d);
  });
  const lines = await new Promise<{ apiUrl: string; loginUrl: string }>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`kubedeck serve not ready in time.\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`)), opts.readyTimeoutMs ?? 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const api = /Kubedeck API ready: (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const login = /Kubedeck UI: (http:\/\/127\.0\.0\.1:\d+\/login\?token=\S+)/.exec(out)?.[1];
      if (api && login) {
        clearTimeout(timer);
        resolveReady({ apiUrl: api, loginUrl: login });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubedeck serve exited with ${code}.\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`));
    });
  }).catch(async (e: unknown) => {
    await serve.kill().catch(() => {});
    throw e;
  });
  const kubeconfig = join(dataDir, 'kubeconfig');
  const kubectlStatus = async (...args: string[]) => {
    try {
      const r = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
    }
  };
  return {
    ...lines,
    uiUrl: new URL(lines.loginUrl).origin,
    dataDir,
    kubeconfig,
    kubectlStatus,
    async kubectl(...args) {
      const r = await kubectlStatus(...args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    async stop(stopOpts) {
      // SIGTERM first (serve stops its cluster cleanly), SIGKILL to the group after 20 s;
      // throws if the process or anything it started is still running.
      await serve.stop({ graceMs: 20_000 });
      if (stopOpts?.keepData) return;
      await removeClusterObjects(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** removeClusterObjects removes what the cluster of dataDir left on the engine (its containers, volumes and network), and nothing else. */
async function removeClusterObjects(dataDir: string): Promise<void> {
  const id = clusterIdFor(dataDir);
  try {
    const ids = (await run('docker', ['ps', '-aq', '--filter', `label=${LABEL_CLUSTER}=${id}`])).stdout.split('\n').filter(Boolean);
    if (ids.length) await run('docker', ['rm', '-f', ...ids]);
    const vols = (await run('docker', ['volume', 'ls', '-q', '--filter', `label=${LABEL_CLUSTER}=${id}`])).stdout.split('\n').filter(Boolean);
    if (vols.length) await run('docker', ['volume', 'rm', ...vols]);
    await run('docker', ['network', 'rm', clusterNetworkName(id)]).catch(() => undefined);
  } catch {
    // Docker missing: the spec itself will have failed on it already.
  }
}

/** removePodContainers removes Docker containers of a namespace's pods, in case a test ended before the kubelet did. */
export async function removePodContainers(namespace: string): Promise<void> {
  try {
    const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=io.kubernetes.pod.namespace=${namespace}`]);
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length) await run('docker', ['rm', '-f', ...ids]);
  } catch {
    // Docker missing: the spec itself will have failed on it already.
  }
}
