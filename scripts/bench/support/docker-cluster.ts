/**
 * A cluster as `kubedeck serve` composes it (controllers, scheduler, the
 * local kubelet on Docker, the HAProxy Service proxy), in this process, for
 * the bench sections that need real containers. stop() removes every Docker
 * object of the cluster (by its id label) and the data dir.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startCluster, type Cluster } from '../../../src/main/cluster/cluster';
import { defaultComponents, type DefaultComponents } from '../../../src/main/cluster/components';
import { loadClusterConfig } from '../../../src/main/cluster/config';
import { clusterIdFor, clusterNetworkName, LABEL_CLUSTER } from '../../../src/main/cluster/identity';

const run = promisify(execFile);

export interface BenchCluster {
  cluster: Cluster;
  kubelets: DefaultComponents['kubelets'];
  dataDir: string;
  clusterId: string;
  /** kubectl runs the real kubectl against it (stdin optional). */
  kubectl(args: string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

/** startBenchCluster starts the cluster with `config.yaml` text (the local pause image is always used). */
export async function startBenchCluster(prefix: string, configYaml = ''): Promise<BenchCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), `kubedeck-bench-${prefix}-`));
  writeFileSync(join(dataDir, 'config.yaml'), `pauseImage: kubedeck/pause:3.10\n${configYaml}`);
  const config = await loadClusterConfig(dataDir);
  const { kubelets, ...components } = await defaultComponents({ dataDir, kubelet: true, config });
  const cluster = await startCluster({ dataDir, port: 0, ...components });
  const clusterId = clusterIdFor(dataDir);
  const cacheDir = join(dataDir, 'kubectl-cache');
  return {
    cluster,
    kubelets,
    dataDir,
    clusterId,
    kubectl: (args, input) =>
      new Promise((resolve, reject) => {
        const child = execFile('kubectl', ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cacheDir, ...args], { timeout: 300_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
        );
        child.stdin?.end(input ?? '');
      }),
    async stop() {
      await cluster.stop();
      const ids = (await run('docker', ['ps', '-aq', '--filter', `label=${LABEL_CLUSTER}=${clusterId}`])).stdout.split('\n').filter(Boolean);
      if (ids.length) await run('docker', ['rm', '-f', ...ids]);
      const vols = (await run('docker', ['volume', 'ls', '-q', '--filter', `label=${LABEL_CLUSTER}=${clusterId}`])).stdout.split('\n').filter(Boolean);
      if (vols.length) await run('docker', ['volume', 'rm', ...vols]).catch(() => undefined);
      await run('docker', ['network', 'rm', clusterNetworkName(clusterId)]).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** waitUntil polls check every 200 ms until it holds, or throws after timeoutMs naming what. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
