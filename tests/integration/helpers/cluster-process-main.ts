/**
 * A cluster with one local-engine kubelet, as its own process, so a test can
 * SIGKILL it and start it again on the same data dir (A4, A5). Usage:
 *   node --import tsx cluster-process-main.ts <dataDir> <nodeName> <testRunId> [--controllers]
 * With --controllers it also runs the controller manager and the scheduler
 * (Deployments roll out). Prints one JSON line {"kubeconfig": …, "pid": …}
 * once the kubelet has reconciled the runtime with the API (adoption done),
 * then runs until killed. Tests start it through
 * ./cluster-process.ts, which kills it for real.
 */
import { startCluster } from '../../../src/main/cluster/cluster';
import { controllerManagerComponent } from '../../../src/main/controller/component';
import { schedulerComponent } from '../../../src/main/scheduler/component';
import { kubeletClusterOptions } from '../../../src/main/kubelet/cluster-options';
import { TEST_LABEL } from '../../../src/main/kubelet/testing/docker-env';

const [dataDir, node, run, ...flags] = process.argv.slice(2);
if (!dataDir || !node || !run || flags.some((f) => f !== '--controllers')) {
  console.error('usage: cluster-process-main.ts <dataDir> <nodeName> <testRunId> [--controllers]');
  process.exit(2);
}
const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
const components = flags.includes('--controllers') ? [controllerManagerComponent(), schedulerComponent(), ...k.components] : k.components;
const cluster = await startCluster({ dataDir, port: 0, components, podStreams: k.podStreams, log: (msg) => console.error(msg) });
await Promise.all((k.started()?.set.kubelets ?? []).map((kl) => kl.ready()));
process.stdout.write(`${JSON.stringify({ kubeconfig: cluster.kubeconfigPath, pid: process.pid })}\n`);
setInterval(() => {}, 1 << 30);
