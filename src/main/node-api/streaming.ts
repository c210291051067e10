/**
 * What the API server needs from the node side to serve pods/log, pods/exec
 * and pods/portforward. The cluster adapts the kubelets to this; the API layer
 * only speaks the wire protocols.
 */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

export interface PodExecOptions {
  container?: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface PodExecSession {
  stdin: Writable | null;
  stdout: Readable;
  stderr: Readable;
  resize(width: number, height: number): Promise<void>;
  exitCode: Promise<number>;
}

/** PodAttachOptions selects the container whose main process to attach to. */
export interface PodAttachOptions {
  container?: string;
  stdin: boolean;
}

/** PodAttachSession is an attach: the process's streams; detach drops the connection and leaves the process running. */
export interface PodAttachSession extends PodExecSession {
  detach(): void;
}

/** PodStreamBackend opens streams to a pod's containers; errors are ApiErrors (404 pod, 400 bad container/state). */
export interface PodStreamBackend {
  logs(namespace: string, pod: string, opts: PodLogOptions): Promise<Readable>;
  exec(namespace: string, pod: string, opts: PodExecOptions): Promise<PodExecSession>;
  portForward(namespace: string, pod: string, port: number): Promise<Duplex>;
  /** attach connects to a container's main process (optional: backends without it refuse attach). */
  attach?(namespace: string, pod: string, opts: PodAttachOptions): Promise<PodAttachSession>;
}
