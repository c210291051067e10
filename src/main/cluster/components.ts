/**
 * The default set of components started with the cluster. Each comes from
 * its own folder and reaches state only through the API client.
 */
import type { ClusterOptions } from './cluster';

export interface DefaultComponentOptions {
  /** Run the Docker-backed kubelet for the local engine (and configured nodes). */
  kubelet: boolean;
  /** Hollow nodes for benchmarks (no containers). */
  hollowNodes?: number;
  log?: (msg: string) => void;
}

/** defaultComponents returns the cluster options that add controllers, scheduler and kubelets. */
export function defaultComponents(_opts: DefaultComponentOptions): Pick<ClusterOptions, 'components' | 'podStreams'> {
  return { components: [] };
}
