/**
 * The cluster as a process of its own (./cluster-process-main.ts),
 * for tests that SIGKILL "the app" and start it again on the same data dir.
 * The spawned PID is the node process that runs the cluster, in a process
 * group of its own; kill() SIGKILLs the group and asserts nothing of it
 * survives before a test goes on (see tracked-process.ts).
 */
import { join } from 'node:path';
import { Kubectl, requireTool } from './tools';
import { repoRoot, spawnNodeScript, type TrackedProcess } from './tracked-process';

export interface ClusterProcessOptions {
  dataDir: string;
  /** The kubelet's node name. */
  node: string;
  /** The test run id, put on every container as the kubedeck.test label. */
  run: string;
  /** Also run the controller manager and the scheduler. */
  controllers?: boolean;
  /** How long to wait for the ready line (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ClusterProcess {
  /** The process running the cluster. */
  process: TrackedProcess;
  /** The PID the cluster reported for itself; equal to process.pid (no wrapper in between). */
  pid: number;
  kubectl: Kubectl;
  /** kill SIGKILLs the cluster process (and its group) and throws if any of it survives. */
  kill(): Promise<void>;
}

/** startClusterProcess spawns the cluster process and resolves once its kubelet has reconciled (its ready line). */
export async function startClusterProcess(opts: ClusterProcessOptions): Promise<ClusterProcess> {
  await requireTool('kubectl');
  const script = join(repoRoot, 'tests/integration/helpers/cluster-process-main.ts');
  const proc = spawnNodeScript(script, [opts.dataDir, opts.node, opts.run, ...(opts.controllers ? ['--controllers'] : [])]);
  let ready: { kubeconfig: string; pid: number };
  try {
    ready = await proc.waitForOutput(
      (out) => {
        const nl = out.indexOf('\n');
        return nl >= 0 ? (JSON.parse(out.slice(0, nl)) as { kubeconfig: string; pid: number }) : undefined;
      },
      { timeoutMs: opts.readyTimeoutMs ?? 60_000, what: 'the cluster process' },
    );
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return { process: proc, pid: ready.pid, kubectl: new Kubectl(ready.kubeconfig), kill: () => proc.kill() };
}
