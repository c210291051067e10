/**
 * Waiting for the engine: the Service proxy and the Ingress controller start
 * with the cluster even while Docker is down, and reach it in the background.
 * One shared loop: connect (as the docker CLI finds the engine, unless one is
 * given), ensure the cluster network, and on failure log and try again after
 * retryMs — or at once when cancelled, which ends the wait.
 */
import type Docker from 'dockerode';
import { connectDocker } from './endpoint';
import { ensureClusterNetwork, type ClusterNetwork } from './network';

export interface ClusterNetworkWaitOptions {
  /** The engine; found as the docker CLI finds it when absent. */
  docker?: Docker;
  network: string;
  clusterId: string;
  /** While Docker cannot be reached, retry this often (default 5 s). */
  retryMs?: number;
  /** Hears "waiting for Docker: <why>" on each failed attempt. */
  log: (msg: string) => void;
  /** Names the waiter in the error `ready` rejects with when cancelled ("service proxy stopped before it started"). */
  who: string;
}

export interface ClusterNetworkWait {
  /** ready resolves with the engine and the ensured network, or rejects once cancelled. */
  ready: Promise<{ docker: Docker; network: ClusterNetwork }>;
  /** cancel ends the wait (a sleeping retry wakes at once). */
  cancel(): void;
}

/** waitForClusterNetwork retries until the engine answers and the cluster network exists. */
export function waitForClusterNetwork(opts: ClusterNetworkWaitOptions): ClusterNetworkWait {
  let cancelled = false;
  let wake: (() => void) | undefined;
  const ready = (async () => {
    let docker = opts.docker;
    for (;;) {
      if (cancelled) throw new Error(`${opts.who} stopped before it started`);
      try {
        docker ??= (await connectDocker()).docker;
        return { docker, network: await ensureClusterNetwork(docker, opts.network, opts.clusterId) };
      } catch (err) {
        opts.log(`waiting for Docker: ${err instanceof Error ? err.message : String(err)}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, opts.retryMs ?? 5000);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    }
  })();
  return {
    ready,
    cancel() {
      cancelled = true;
      wake?.();
    },
  };
}
