/**
 * A cluster with one local-engine kubelet, as its own process, so a test can
 * SIGKILL it and start it again on the same data dir (A4). Usage:
 *   tsx cluster-process.ts <dataDir> <nodeName> <testRunId>
 * Prints one JSON line {"kubeconfig": …} once the kubelet has reconciled the
 * runtime with the API (adoption done), then runs until killed.
 */
import { startCluster } from '../../cluster/cluster';
import { kubeletClusterOptions } from '../cluster-options';
import { TEST_LABEL } from './docker-env';

const [dataDir, node, run] = process.argv.slice(2);
if (!dataDir || !node || !run) {
  console.error('usage: cluster-process.ts <dataDir> <nodeName> <testRunId>');
  process.exit(2);
}
const k = kubeletClusterOptions({ nodes: [{ kind: 'local', name: node }], pauseImage: 'kubedeck/pause:3.10', extraContainerLabels: { [TEST_LABEL]: run } });
const cluster = await startCluster({ dataDir, port: 0, components: k.components, podStreams: k.podStreams });
await Promise.all((k.started()?.set.kubelets ?? []).map((kl) => kl.ready()));
process.stdout.write(`${JSON.stringify({ kubeconfig: cluster.kubeconfigPath })}\n`);
setInterval(() => {}, 1 << 30);
