/**
 * Streaming entry points for the API server's pods/log, pods/exec and
 * pods/portforward: find the kubelet of the pod's spec.nodeName and open the
 * stream there. `createPodStreamBackend` adapts this to the API layer's
 * PodStreamBackend (namespace/name in, ApiErrors out).
 */
import type { Duplex, Readable } from 'node:stream';
import type { Pod } from '../../shared/api/core';
import type { Status } from '../../shared/api/meta';
import { GVR } from '../../shared/api/resources';
import { ApiError } from '../../shared/errors';
import type { PodStreamBackend } from '../node-api/streaming';
import type { ApiClient } from '../client/types';
import type { Kubelet, PodLogRequest } from './kubelet';
import type { ExecSession } from './runtime/types';

function statusError(code: number, reason: string, message: string): ApiError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
  return new ApiError(s);
}

/** KubeletRegistry maps node names to the kubelets running in this process. */
export class KubeletRegistry {
  private readonly byNode = new Map<string, Kubelet>();

  /** register adds a kubelet (replacing one of the same node). */
  register(k: Kubelet): void {
    this.byNode.set(k.nodeName, k);
  }

  /** unregister removes a node's kubelet. */
  unregister(nodeName: string): void {
    this.byNode.delete(nodeName);
  }

  /** forNode returns the kubelet of a node, if it runs here. */
  forNode(nodeName: string): Kubelet | undefined {
    return this.byNode.get(nodeName);
  }

  /** all lists every registered kubelet. */
  all(): Kubelet[] {
    return [...this.byNode.values()];
  }

  /** forPod returns the kubelet of the pod's node or throws the API error kubectl shows. */
  forPod(pod: Pod): Kubelet {
    const node = pod.spec.nodeName;
    if (!node) throw statusError(400, 'BadRequest', `pod ${pod.metadata.name} does not have a host assigned`);
    const k = this.byNode.get(node);
    if (!k) throw statusError(503, 'ServiceUnavailable', `no kubelet is running for node ${node}`);
    return k;
  }
}

/** defaultKubeletRegistry is the process-wide registry the cluster wiring fills. */
export const defaultKubeletRegistry = new KubeletRegistry();

/** getLogs streams a pod container's log (see Kubelet.getLogs). */
export function getLogs(pod: Pod, opts: PodLogRequest, registry: KubeletRegistry = defaultKubeletRegistry): Promise<Readable> {
  return registry.forPod(pod).getLogs(pod, opts);
}

/** exec runs a command in a pod's container: streams, resize and the exit code. */
export function exec(pod: Pod, container: string | undefined, command: string[], opts: { stdin: boolean; tty: boolean }, registry: KubeletRegistry = defaultKubeletRegistry): Promise<ExecSession> {
  return registry.forPod(pod).exec(pod, container, command, opts);
}

/** portForward opens a byte stream to a TCP port in the pod's network namespace. */
export function portForward(pod: Pod, port: number, registry: KubeletRegistry = defaultKubeletRegistry): Promise<Duplex> {
  return registry.forPod(pod).portForward(pod, port);
}

/** createPodStreamBackend serves the API server's streaming subresources from the kubelets in a registry. */
export function createPodStreamBackend(client: ApiClient, registry: KubeletRegistry = defaultKubeletRegistry): PodStreamBackend {
  const pod = (ns: string, name: string) => client.get<Pod>(GVR.pods, ns, name);
  return {
    async logs(ns, name, opts) {
      const p = await pod(ns, name);
      const req: PodLogRequest = { follow: opts.follow, previous: opts.previous, timestamps: opts.timestamps };
      if (opts.container !== undefined) req.container = opts.container;
      if (opts.tailLines !== undefined) req.tailLines = opts.tailLines;
      if (opts.sinceSeconds !== undefined) req.sinceSeconds = opts.sinceSeconds;
      if (opts.sinceTime !== undefined) req.sinceTime = opts.sinceTime;
      if (opts.limitBytes !== undefined) req.limitBytes = opts.limitBytes;
      return getLogs(p, req, registry);
    },
    async exec(ns, name, opts) {
      const p = await pod(ns, name);
      return exec(p, opts.container, opts.command, { stdin: opts.stdin, tty: opts.tty }, registry);
    },
    async portForward(ns, name, port) {
      return portForward(await pod(ns, name), port, registry);
    },
    async attach(ns, name, opts) {
      const p = await pod(ns, name);
      return registry.forPod(p).attach(p, opts.container, { stdin: opts.stdin });
    },
  };
}
